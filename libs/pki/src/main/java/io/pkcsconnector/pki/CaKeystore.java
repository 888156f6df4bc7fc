package io.pkcsconnector.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Keeps the CA in a PKCS#12 keystore: entry {@code root} (root key and certificate) and entry {@code
 * issuing} (issuing key, issuing and root certificate). The file is the CA's secret; its password comes
 * from the caller's configuration and never appears in a message.
 *
 * <p>Creation is crash- and race-safe: the keystore is written to an owner-only temporary file in the
 * same directory, flushed to disk, and published with a hard link, which fails if the target exists. A
 * crash leaves either no keystore or a complete one, and when several instances start at once on a
 * shared volume exactly one CA wins and the others load it.
 */
public final class CaKeystore {

    static final String ROOT_ALIAS = "root";
    static final String ISSUING_ALIAS = "issuing";

    // Explicit rather than the JDK's keystore.pkcs12.* defaults, so a changed java.security cannot
    // silently weaken the CA keys.
    private static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    private static final int KEY_PROTECTION_ITERATIONS = 100_000;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private CaKeystore() {}

    /**
     * Loads the CA from {@code keystore}, or generates one with {@code settings} and stores it there if the
     * file does not exist yet.
     *
     * @throws CaKeystoreException if the file cannot be read or written, the password is wrong, or the
     *     content is not a consistent CA
     */
    public static CertificateAuthority loadOrCreate(Path keystore, char[] password, CaSettings settings) {
        requirePassword(password);
        if (Files.exists(keystore)) {
            return load(keystore, password, settings);
        }
        CertificateAuthority created = CertificateAuthority.generate(settings);
        if (create(keystore, password, created)) {
            return created;
        }
        // Another instance published its CA between our check and our link: that one is the CA now.
        return load(keystore, password, settings);
    }

    /** Loads an existing CA keystore. */
    public static CertificateAuthority load(Path keystore, char[] password, CaSettings settings) {
        requirePassword(password);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(keystore);
        } catch (NoSuchFileException e) {
            throw new CaKeystoreException("CA keystore " + keystore + " does not exist", e);
        } catch (IOException e) {
            throw new CaKeystoreException("cannot read CA keystore " + keystore + ": " + e, e);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new CaKeystoreException("cannot open CA keystore " + keystore + ": wrong password", e);
            }
            throw new CaKeystoreException("cannot open CA keystore " + keystore + ": not a readable PKCS#12 file", e);
        } catch (GeneralSecurityException e) {
            throw new CaKeystoreException("cannot open CA keystore " + keystore + ": " + e.getMessage(), e);
        }
        try {
            PrivateKey rootKey = key(store, ROOT_ALIAS, password, keystore);
            PrivateKey issuingKey = key(store, ISSUING_ALIAS, password, keystore);
            X509Certificate root = (X509Certificate) store.getCertificate(ROOT_ALIAS);
            X509Certificate issuing = (X509Certificate) store.getCertificate(ISSUING_ALIAS);
            return CertificateAuthority.restore(settings, root, rootKey, issuing, issuingKey);
        } catch (KeyStoreException e) {
            throw new CaKeystoreException("cannot read CA keystore " + keystore + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CaKeystoreException("CA keystore " + keystore + " is inconsistent: " + e.getMessage(), e);
        }
    }

    /**
     * Stores {@code ca} at {@code keystore} unless a file is already there.
     *
     * @return false if the file already existed; it is left untouched
     */
    public static boolean create(Path keystore, char[] password, CertificateAuthority ca) {
        requirePassword(password);
        byte[] content = serialize(ca, password);
        Path target = keystore.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", ownerOnly(directory));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            boolean published = publish(temporary, target);
            if (published) {
                syncDirectory(directory);
            }
            return published;
        } catch (IOException e) {
            throw new CaKeystoreException("cannot write CA keystore " + keystore + ": " + e, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // A leftover dot-file is harmless; the keystore itself is complete or absent.
                }
            }
        }
    }

    private static boolean publish(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Some volumes (e.g. certain network file systems) have no hard links. A rename is still
            // atomic; only the no-overwrite guarantee weakens to this check.
            if (Files.exists(target)) {
                return false;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private static byte[] serialize(CertificateAuthority ca, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            byte[] salt = new byte[16];
            CryptoProviders.random().nextBytes(salt);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(
                    password, KEY_PROTECTION, new PBEParameterSpec(salt, KEY_PROTECTION_ITERATIONS));
            store.setEntry(
                    ROOT_ALIAS,
                    new KeyStore.PrivateKeyEntry(ca.rootPrivateKey(), new Certificate[] {ca.rootCertificate()}),
                    protection);
            store.setEntry(
                    ISSUING_ALIAS,
                    new KeyStore.PrivateKeyEntry(
                            ca.issuingPrivateKey(), new Certificate[] {ca.issuingCertificate(), ca.rootCertificate()}),
                    protection);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new CaKeystoreException("cannot serialise the CA keystore: " + e.getMessage(), e);
        }
    }

    private static PrivateKey key(KeyStore store, String alias, char[] password, Path keystore) {
        try {
            if (!store.isKeyEntry(alias)) {
                throw new CaKeystoreException("CA keystore " + keystore + " has no '" + alias + "' key entry");
            }
            return (PrivateKey) store.getKey(alias, password);
        } catch (GeneralSecurityException e) {
            throw new CaKeystoreException("cannot read the '" + alias + "' key of CA keystore " + keystore, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path directory) {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    /** Makes the new directory entry durable too; best effort, as not every platform can open a directory. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file content is already on disk; only the directory entry's durability is at stake.
        }
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("a CA keystore password is required");
        }
    }
}
