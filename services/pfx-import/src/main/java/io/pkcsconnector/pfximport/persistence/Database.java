package io.pkcsconnector.pfximport.persistence;

import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs reactive database work from blocking code. The service's work is mostly cryptography (PBKDF2, RSA), which
 * belongs on worker threads; its few statements run on the Vert.x context Hibernate Reactive needs, and the
 * worker waits for them.
 */
@ApplicationScoped
public class Database {

    private final Outbox outbox;

    Database(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Reads in a session of its own. */
    public <T> T read(Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work));
    }

    /** Writes in one transaction; outbox events added in it are published once it has committed. */
    public <T> T transaction(Supplier<Uni<T>> work) {
        return await(() -> outbox.transaction(work));
    }

    public Outbox outbox() {
        return outbox;
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    static Uni<Integer> execute(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(sql);
            bind(query, parameters);
            return query.executeUpdate();
        });
    }

    static Uni<java.util.List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        });
    }

    /** A one-column query of text values. */
    static Uni<java.util.List<String>> strings(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<String> query = session.createNativeQuery(sql, String.class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        });
    }

    private static void bind(Mutiny.Query<Object> query, Object... parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
