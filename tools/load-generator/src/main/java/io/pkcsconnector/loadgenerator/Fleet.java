package io.pkcsconnector.loadgenerator;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The run's devices: ids, management key pairs, tokens, and each one's inbox cursor. */
final class Fleet {

    /** One enrolled device. Its poll state is guarded by the poller. */
    static final class Device {
        final int index;
        final String id;
        final String userId;
        final String userPrincipalName;
        final KeyPair keys;
        final String publicKeyPem;
        String token;
        String cursor;
        boolean polling;
        long lastPollNanos = Long.MIN_VALUE / 2;

        Device(int index, String id, String userId, String userPrincipalName, KeyPair keys) {
            this.index = index;
            this.id = id;
            this.userId = userId;
            this.userPrincipalName = userPrincipalName;
            this.keys = keys;
            this.publicKeyPem = pem(keys.getPublic());
        }
    }

    private final List<Device> devices;

    private Fleet(List<Device> devices) {
        this.devices = devices;
    }

    /** {@code count} devices named {@code lg-<runId>-<n>}, their RSA-2048 keys generated on two threads. */
    static Fleet generate(String runId, int count) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<KeyPair>> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add(pool.submit(() -> {
                    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                    rsa.initialize(2048);
                    return rsa.generateKeyPair();
                }));
            }
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String user = "lg-user-" + runId + "-" + i;
                devices.add(new Device(
                        i,
                        "lg-" + runId + "-" + i,
                        user,
                        user + "@contoso.test",
                        keys.get(i).get()));
            }
            return new Fleet(devices);
        } catch (ExecutionException e) {
            throw new IllegalStateException("RSA key generation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static Fleet of(List<Device> devices) {
        return new Fleet(List.copyOf(devices));
    }

    Device get(int index) {
        return devices.get(index);
    }

    int size() {
        return devices.size();
    }

    List<Device> all() {
        return devices;
    }

    static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
