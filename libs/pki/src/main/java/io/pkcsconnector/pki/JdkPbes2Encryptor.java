package io.pkcsconnector.pki;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.io.CipherOutputStream;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;

/**
 * PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) on SunJCE, for Bouncy Castle's PKCS#12 builder. BC's own
 * {@code JcePKCSPBEOutputEncryptorBuilder} cannot simply be pointed at SunJCE: it asks for the cipher by
 * OID, which SunJCE maps to AES/CBC/NoPadding, so any safe that is not a multiple of 16 bytes fails.
 * One instance encrypts one safe, with its own salt and IV.
 */
final class JdkPbes2Encryptor implements OutputEncryptor {

    private static final AlgorithmIdentifier HMAC_SHA256 =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);

    private final AlgorithmIdentifier algorithm;
    private final SecretKeySpec key;
    private final Cipher cipher;

    JdkPbes2Encryptor(char[] password, int iterations) throws OperatorCreationException {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        CryptoProviders.random().nextBytes(salt);
        CryptoProviders.random().nextBytes(iv);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", CryptoProviders.JDK_CIPHERS)
                    .generateSecret(new PBEKeySpec(password, salt, iterations, 256))
                    .getEncoded();
            this.key = new SecretKeySpec(derived, "AES");
            this.cipher = Cipher.getInstance("AES/CBC/PKCS5Padding", CryptoProviders.JDK_CIPHERS);
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("cannot set up PBES2: " + e.getMessage(), e);
        }
        // keyLength is left out of the PBKDF2 parameters, as OpenSSL does: AES-256 implies it.
        this.algorithm = new AlgorithmIdentifier(
                PKCSObjectIdentifiers.id_PBES2,
                new PBES2Parameters(
                        new KeyDerivationFunc(
                                PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, iterations, HMAC_SHA256)),
                        new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv))));
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream(OutputStream out) {
        // BC's CipherOutputStream, unlike the JDK's, reports a failing doFinal instead of swallowing it.
        return new CipherOutputStream(out, cipher);
    }

    @Override
    public GenericKey getKey() {
        return new GenericKey(algorithm, key.getEncoded());
    }
}
