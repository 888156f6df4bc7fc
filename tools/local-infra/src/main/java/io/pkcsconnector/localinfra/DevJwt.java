package io.pkcsconnector.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack's token issuer: an RSA key pair kept in a directory and RS256 JWTs carrying the
 * claims the services read ({@code tid}, {@code groups}, {@code sub}).
 *
 * <p>Services verify with SmallRye JWT given {@code mp.jwt.verify.publickey.location} = {@link
 * #publicKeyLocation()} and {@code mp.jwt.verify.issuer} = {@link #ISSUER}.
 */
public final class DevJwt {

    public static final String ISSUER = "https://pkcs-connector.local/dev";
    public static final String PRIVATE_KEY_FILE = "private.pem";
    public static final String PUBLIC_KEY_FILE = "public.pem";

    private static final Logger LOG = LoggerFactory.getLogger(DevJwt.class);
    private static final Object GENERATION_LOCK = new Object();

    private final Path dir;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private DevJwt(Path dir, PrivateKey privateKey, PublicKey publicKey) {
        this.dir = dir;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key pair from {@code dir}, generating it there on first use. */
    public static DevJwt open(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            // The stack's launcher and a `token` command may both get here first; one generates.
            synchronized (GENERATION_LOCK) {
                try (FileChannel channel = FileChannel.open(
                                absolute.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    if (!Files.exists(absolute.resolve(PRIVATE_KEY_FILE))) {
                        generate(absolute);
                    }
                    return load(absolute);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the dev JWT keys in " + absolute, e);
        }
    }

    private static void generate(Path dir) throws IOException {
        KeyPair keyPair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
        // Public key first: a private key on disk is what marks the pair as complete.
        writeAtomically(
                dir, PUBLIC_KEY_FILE, pem("PUBLIC KEY", keyPair.getPublic().getEncoded()), false);
        writeAtomically(
                dir, PRIVATE_KEY_FILE, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()), true);
        LOG.info("Generated a dev JWT key pair in {}", dir);
    }

    private static void writeAtomically(Path dir, String name, String content, boolean ownerOnly) throws IOException {
        // Temp files start owner-only; the public key may be read by anyone, the private key may not.
        Path temp = Files.createTempFile(dir, name, ".tmp");
        if (supportsPosix()) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
        }
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(
                        temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean supportsPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static DevJwt load(Path dir) throws IOException {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(unpem(Files.readString(dir.resolve(PRIVATE_KEY_FILE)))));
            Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
            PublicKey publicKey;
            if (Files.exists(publicFile)) {
                publicKey = rsa.generatePublic(new X509EncodedKeySpec(unpem(Files.readString(publicFile))));
            } else {
                // Someone deleted public.pem; it follows from the private key, so restore it.
                RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
                publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
                writeAtomically(dir, PUBLIC_KEY_FILE, pem("PUBLIC KEY", publicKey.getEncoded()), false);
            }
            return new DevJwt(dir, privateKey, publicKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(
                    "the dev JWT keys in " + dir + " are unreadable; delete them to regenerate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /** A token without an audience; see {@link #token(String, Set, String, Duration, String)}. */
    public String token(String tenant, Set<String> groups, String subject, Duration ttl) {
        return token(tenant, groups, subject, ttl, null);
    }

    /**
     * Signs an RS256 JWT.
     *
     * @param tenant the {@code tid} claim; {@code null} leaves it out, for tests of tenant-less tokens
     * @param groups the {@code groups} claim (roles: admin, device, connector)
     * @param subject {@code sub} and {@code upn}; for a device its device id
     * @param ttl time until {@code exp}
     * @param audience the {@code aud} claim, or {@code null} for none
     */
    public String token(String tenant, Set<String> groups, String subject, Duration ttl, String audience) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token needs a positive lifetime, got " + ttl);
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        if (audience != null) {
            claims.setAudience(audience);
        }
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        if (tenant != null) {
            claims.setClaim("tid", tenant);
        }
        claims.setStringListClaim("groups", new ArrayList<>(groups));
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        NumericDate expiry = NumericDate.fromSeconds(now.getValue() + ttl.toSeconds());
        claims.setExpirationTime(expiry);
        claims.setJwtId(UUID.randomUUID().toString());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing the dev JWT failed", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path publicKeyPath() {
        return dir.resolve(PUBLIC_KEY_FILE);
    }

    public Path privateKeyPath() {
        return dir.resolve(PRIVATE_KEY_FILE);
    }

    /** The value for {@code mp.jwt.verify.publickey.location}: a {@code file:} location of public.pem. */
    public String publicKeyLocation() {
        return "file:" + publicKeyPath();
    }

    public String issuer() {
        return ISSUER;
    }

    public PublicKey publicKey() {
        return publicKey;
    }
}
