package org.camelmta.retry;

class InMemoryRetryHintStoreTest extends RetryHintStoreContract {

    private final InMemoryRetryHintStore store = new InMemoryRetryHintStore();

    @Override
    RetryHintStore store() {
        return store;
    }
}
