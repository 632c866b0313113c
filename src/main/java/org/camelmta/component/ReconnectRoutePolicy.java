package org.camelmta.component;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.support.RoutePolicySupport;
import org.camelmta.smtp.ReconnectStrategy;

/**
 * KumoMTA's {@code reconnect_strategy} as a route policy: put it on a delivery route and every
 * {@code smtp-delivery} producer in that route follows it after an error in the middle of a
 * message. In YAML, declare a bean of this type with its {@code strategy} and name it in the
 * route's {@code routePolicyRef} (camel-mta binds one as {@code reconnectPolicy}, set by
 * {@code mta.reconnect-strategy}); each route may name its own. The message header
 * {@code mtaReconnectStrategy} and the endpoint option {@code reconnectStrategy} override it.
 * The policy only carries the choice: it changes nothing in the route's life cycle.
 */
public class ReconnectRoutePolicy extends RoutePolicySupport {

    private ReconnectStrategy strategy = ReconnectStrategy.CONNECT_NEXT_HOST;

    public ReconnectRoutePolicy() {
    }

    public ReconnectRoutePolicy(ReconnectStrategy strategy) {
        this.strategy = strategy;
    }

    /** KumoMTA's spelling: {@code TerminateSession}, {@code ReconnectSameHost}, {@code ConnectNextHost}. */
    public void setStrategy(String strategy) {
        this.strategy = ReconnectStrategy.parse(strategy);
    }

    public String getStrategy() {
        return strategy.spelling();
    }

    public ReconnectStrategy strategy() {
        return strategy;
    }

    /** The policy on the route the exchange is in now, if that route has one. */
    static ReconnectRoutePolicy of(Exchange exchange) {
        UnitOfWork uow = exchange.getUnitOfWork();
        Route route = uow == null ? null : uow.getRoute();
        if (route == null) {
            return null;
        }
        for (RoutePolicy policy : route.getRoutePolicyList()) {
            if (policy instanceof ReconnectRoutePolicy reconnect) {
                return reconnect;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ReconnectRoutePolicy[" + strategy.spelling() + "]";
    }
}
