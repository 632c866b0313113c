package org.camelmta.loopback;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.camelmta.smtp.Phase;

/**
 * The scripted faults and the test's behaviour, asked in that order at each phase: the first
 * fault that fires wins, then the behaviour; {@link SinkAction#proceed()} when neither has a
 * say. Shared by all connections of a sink.
 */
final class SinkPolicy {

    private final List<SinkFault> faults;
    private final AtomicInteger[] fired;
    private final SinkBehaviour behaviour;

    SinkPolicy(List<SinkFault> faults, SinkBehaviour behaviour) {
        this.faults = List.copyOf(faults);
        this.fired = new AtomicInteger[this.faults.size()];
        for (int i = 0; i < fired.length; i++) {
            fired[i] = new AtomicInteger();
        }
        this.behaviour = behaviour;
    }

    /**
     * The action the faults or the behaviour choose. The context is built only when a behaviour
     * is there to read it, because building it copies the transaction so far and the benchmark
     * runs without one.
     */
    SinkAction decide(Phase phase, int connectionIndex, Supplier<SinkContext> context) {
        for (int i = 0; i < faults.size(); i++) {
            if (faults.get(i).fires(phase, connectionIndex, fired[i])) {
                return faults.get(i).action();
            }
        }
        if (behaviour == null) {
            return SinkAction.proceed();
        }
        SinkAction action = behaviour.decide(context.get());
        return action == null ? SinkAction.proceed() : action;
    }
}
