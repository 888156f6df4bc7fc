package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The wire names are part of the contract (SPEC §3 and Graph), so they are listed here literally: renaming a Java
 * constant is fine, changing what it is called on the wire is not.
 */
class WireNamesTest {

    private static <E extends Enum<E>> String[] wireNames(E[] values, Function<E, String> wireName) {
        return Arrays.stream(values).map(wireName).toArray(String[]::new);
    }

    @Test
    void enumsHaveTheWireNamesOfTheSpec() {
        assertThat(wireNames(Platform.values(), Platform::wireName))
                .containsExactly("windows10", "android", "ios", "macos");
        assertThat(wireNames(KeyAlgorithm.values(), KeyAlgorithm::wireName))
                .containsExactly("rsa2048", "rsa3072", "rsa4096", "ecP256", "ecP384");
        assertThat(wireNames(SubjectAlternativeNameType.values(), SubjectAlternativeNameType::wireName))
                .containsExactly(
                        "userPrincipalName", "emailAddress", "domainNameService", "universalResourceIdentifier");
        assertThat(wireNames(PaddingScheme.values(), PaddingScheme::wireName))
                .containsExactly("oaepSha256", "oaepSha384", "oaepSha512");
        assertThat(wireNames(DeliveryKind.values(), DeliveryKind::wireName))
                .containsExactly("pkcs", "importedPfx", "trustedRoot", "remove");
        assertThat(wireNames(CertificateDestinationStore.values(), CertificateDestinationStore::wireName))
                .containsExactly("computerCertStoreRoot", "computerCertStoreIntermediate", "userCertStoreIntermediate");
        assertThat(wireNames(DeliveryStatus.values(), DeliveryStatus::wireName))
                .containsExactly("installed", "installFailed");
        assertThat(wireNames(RevocationTrigger.values(), RevocationTrigger::wireName))
                .containsExactly("admin", "retire", "wipe", "renewal");
        assertThat(wireNames(RetireAction.values(), RetireAction::wireName)).containsExactly("retire", "wipe");
        assertThat(wireNames(IntendedPurpose.values(), IntendedPurpose::wireName))
                .containsExactly("unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi");
    }

    @Test
    void revocationReasonsHaveTheirRfc5280NamesAndCodes() {
        assertThat(Arrays.stream(RevocationReason.values()).map(reason -> reason.wireName() + "=" + reason.code()))
                .containsExactly(
                        "unspecified=0",
                        "keyCompromise=1",
                        "cACompromise=2",
                        "affiliationChanged=3",
                        "superseded=4",
                        "cessationOfOperation=5",
                        "certificateHold=6",
                        "removeFromCRL=8",
                        "privilegeWithdrawn=9",
                        "aACompromise=10");
    }

    @Test
    void revocationReasonsAreFoundByCode() {
        for (RevocationReason reason : RevocationReason.values()) {
            assertThat(RevocationReason.fromCode(reason.code())).isSameAs(reason);
        }
        assertThatThrownBy(() -> RevocationReason.fromCode(7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown CRLReason code 7");
    }

    @Test
    void keySizesMatchTheAlgorithms() {
        assertThat(Arrays.stream(KeyAlgorithm.values()).map(KeyAlgorithm::keySize))
                .containsExactly(2048, 3072, 4096, 256, 384);
    }

    @Test
    void wireNamesAreMatchedExactly() {
        assertThat(Platform.fromWireName("ios")).isSameAs(Platform.IOS);
        assertThatThrownBy(() -> Platform.fromWireName("iOS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown platform 'iOS', expected one of windows10, android, ios, macos");
        assertThatThrownBy(() -> RevocationReason.fromWireName("caCompromise")).hasMessageContaining("cACompromise");
        assertThatThrownBy(() -> PaddingScheme.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
