package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.pki.KeyAlgorithm;
import java.security.KeyPair;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Key pairs generated in advance, while the connector has CPU to spare, so that a burst of requests after a quiet
 * spell does not pay for key generation (an RSA-2048 key costs about as much CPU as everything else of an issuance
 * together, several times over). One bounded queue per algorithm with a capacity; a single low-priority thread tops
 * them up only while {@code spareCapacity} says the issuance threads are not all busy, so under sustained load the
 * pool never competes with requests for the cores: it drains, and requests generate their own keys as without it.
 *
 * <p>The keys live in memory only, as a request's own key does between generation and packaging.
 */
public final class KeyPairPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyPairPool.class);

    private final Map<KeyAlgorithm, BlockingQueue<KeyPair>> pools = new EnumMap<>(KeyAlgorithm.class);
    private final BooleanSupplier spareCapacity;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final Thread filler;
    private volatile boolean running = true;

    /**
     * @param capacities how many pairs to keep per algorithm; algorithms absent or at 0 are not pooled
     * @param spareCapacity whether a core is idle right now (checked before every key generated)
     */
    public KeyPairPool(Map<KeyAlgorithm, Integer> capacities, BooleanSupplier spareCapacity) {
        capacities.forEach((algorithm, capacity) -> {
            if (capacity < 0) {
                throw new IllegalArgumentException("key pool capacity of " + algorithm.wireName() + " is negative");
            }
            if (capacity > 0) {
                pools.put(algorithm, new ArrayBlockingQueue<>(capacity));
            }
        });
        this.spareCapacity = spareCapacity;
        this.filler = new Thread(this::fill, "key-pool-filler");
        filler.setDaemon(true);
        filler.setPriority(Thread.MIN_PRIORITY);
        if (!pools.isEmpty()) {
            filler.start();
        }
    }

    /** A pooled key pair of {@code algorithm}, if one is ready; the caller generates its own otherwise. */
    public Optional<KeyPair> take(KeyAlgorithm algorithm) {
        BlockingQueue<KeyPair> pool = pools.get(algorithm);
        KeyPair pair = pool == null ? null : pool.poll();
        if (pool != null) {
            (pair != null ? hits : misses).incrementAndGet();
        }
        return Optional.ofNullable(pair);
    }

    public int available(KeyAlgorithm algorithm) {
        BlockingQueue<KeyPair> pool = pools.get(algorithm);
        return pool == null ? 0 : pool.size();
    }

    public long hits() {
        return hits.get();
    }

    /** Takes that found the pool of their (pooled) algorithm empty. */
    public long misses() {
        return misses.get();
    }

    private void fill() {
        while (running) {
            BlockingQueue<KeyPair> emptiest = null;
            KeyAlgorithm algorithm = null;
            double fullness = 1.0;
            for (Map.Entry<KeyAlgorithm, BlockingQueue<KeyPair>> entry : pools.entrySet()) {
                BlockingQueue<KeyPair> pool = entry.getValue();
                double f = (double) pool.size() / (pool.size() + pool.remainingCapacity());
                if (f < fullness) {
                    fullness = f;
                    emptiest = pool;
                    algorithm = entry.getKey();
                }
            }
            try {
                if (emptiest == null || !spareCapacity.getAsBoolean()) {
                    Thread.sleep(emptiest == null ? 200 : 20);
                    continue;
                }
                emptiest.offer(algorithm.generateKeyPair());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Key pool could not generate a %s key pair: %s", algorithm.wireName(), e.toString());
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        filler.interrupt();
        pools.values().forEach(BlockingQueue::clear);
    }
}
