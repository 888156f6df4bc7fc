package io.pkcsconnector.servicecommon.outbox;

import io.pkcsconnector.contracts.PkiEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * The transactional outbox: an event is stored in the same database transaction as the state change it
 * announces and published to Kafka after the commit by {@link OutboxRelay}. A crash between commit and
 * publish loses nothing (the row waits) and at worst publishes once more, which consumers absorb by
 * event id / request id.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    OutboxRelay relay;

    /** Adds {@code event} to the current reactive transaction; call it inside {@link #transaction}. */
    public Uni<Void> add(PkiEvent event) {
        return OutboxEvent.of(event).persist().replaceWithVoid();
    }

    /**
     * Runs {@code work} in one transaction and, once it has committed, has the relay publish what it added
     * at once instead of at the next poll.
     */
    public <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).invoke(relay::wake);
    }
}
