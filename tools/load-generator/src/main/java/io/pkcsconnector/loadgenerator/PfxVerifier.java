package io.pkcsconnector.loadgenerator;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.Collections;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Opens a delivered PFX as the device would: unwraps the password with the device's management key (RSA-OAEP,
 * SHA-256 and MGF1-SHA-256, the {@code oaepSha256} of the delivery contract), opens the PKCS#12 with it, and
 * checks that the certificate carries the delivered serial and that the private key belongs to it.
 */
final class PfxVerifier {

    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private PfxVerifier() {}

    /** Null when the PFX is sound, else what is wrong with it. */
    static String verify(PrivateKey deviceKey, String blob, String wrappedPassword, String serialNumber) {
        if (blob == null || wrappedPassword == null) {
            return "the delivery has no encryptedPfxBlob or encryptedPfxPassword";
        }
        char[] password;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, deviceKey, OAEP_SHA256);
            // One byte per character, as the password was wrapped.
            password = new String(rsa.doFinal(Base64.getDecoder().decode(wrappedPassword)), StandardCharsets.ISO_8859_1)
                    .toCharArray();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "the password does not unwrap with the device key: " + e;
        }
        try {
            KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
            pkcs12.load(new ByteArrayInputStream(Base64.getDecoder().decode(blob)), password);
            for (String alias : Collections.list(pkcs12.aliases())) {
                if (!pkcs12.isKeyEntry(alias)) {
                    continue;
                }
                Key key = pkcs12.getKey(alias, password);
                X509Certificate certificate = (X509Certificate) pkcs12.getCertificate(alias);
                if (!(key instanceof PrivateKey privateKey) || certificate == null) {
                    return "the PFX key entry has no private key or no certificate";
                }
                if (serialNumber != null && !certificate.getSerialNumber().equals(new BigInteger(serialNumber, 16))) {
                    return "the certificate's serial is "
                            + certificate.getSerialNumber().toString(16) + ", delivered as " + serialNumber;
                }
                return keyMatches(privateKey, certificate) ? null : "the private key does not match the certificate";
            }
            return "the PFX has no key entry";
        } catch (Exception e) {
            return "the PFX does not open with the unwrapped password: " + e;
        }
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "load-generator key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }
}
