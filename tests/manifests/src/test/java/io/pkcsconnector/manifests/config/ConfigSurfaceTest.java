package io.pkcsconnector.manifests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.manifests.Project;
import org.junit.jupiter.api.Test;

/** What the services read, from their properties files and their Java sources. */
class ConfigSurfaceTest {

    private static final Project PROJECT = Project.get();

    @Test
    void environmentNamesFollowQuarkus() {
        assertThat(ConfigSurface.envName("quarkus.datasource.jdbc.url")).isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(ConfigSurface.envName("pkcs.pfx-import.kek")).isEqualTo("PKCS_PFX_IMPORT_KEK");
        assertThat(ConfigSurface.envName("quarkus.log.category.\"org.apache.kafka\".level"))
                .isEqualTo("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL");
    }

    @Test
    void kebabCaseIsSmallRyesDefaultNaming() {
        assertThat(JavaConfigScanner.kebab("keystorePath")).isEqualTo("keystore-path");
        assertThat(JavaConfigScanner.kebab("maxInFlight")).isEqualTo("max-in-flight");
        assertThat(JavaConfigScanner.kebab("rsa2048")).isEqualTo("rsa2048");
        assertThat(JavaConfigScanner.kebab("publicBaseUrl")).isEqualTo("public-base-url");
    }

    @Test
    void theIssuanceWorkerReadsItsMappingTheSharedOnesAndItsProperties() {
        ConfigSurface config = PROJECT.service("issuance-worker").config();

        assertThat(config.reads("PKCS_ISSUANCE_CA_KEYSTORE_PASSWORD")).isTrue(); // @ConfigMapping, nested group
        assertThat(config.reads("PKCS_ISSUANCE_KEY_POOL_RSA2048")).isTrue();
        assertThat(config.reads("PKCS_ISSUANCE_CONNECTOR_INSTANCE_ID")).isTrue(); // Optional<String>
        assertThat(config.reads("PKCS_OUTBOX_BATCH_SIZE")).isTrue(); // service-common's mapping
        assertThat(config.reads("KAFKA_BOOTSTRAP_SERVERS")).isTrue(); // %dev key and @ConfigProperty
        assertThat(config.reads("QUARKUS_DATASOURCE_PASSWORD")).isTrue(); // %dev key of the shared defaults
        assertThat(config.reads("QUARKUS_HTTP_PORT")).isTrue();
        assertThat(config.reads("MP_MESSAGING_INCOMING_CERT_REQUESTED_GROUP_ID"))
                .isTrue();
        assertThat(config.reads("quarkus.http.port")).isTrue(); // the property name itself is read too
        // Default methods are not properties; other services' mappings are not this one's.
        assertThat(config.reads("PKCS_ISSUANCE_PKCS12_OPTIONS")).isFalse();
        assertThat(config.reads("PKCS_ISSUANCE_PROCESSING_THREAD_COUNT")).isFalse();
        assertThat(config.reads("PKCS_REVOCATION_CA_KEYSTORE_PASSWORD")).isFalse();
        assertThat(config.reads("KAFKA_BOOTSTRAP_SERVER")).isFalse();
    }

    @Test
    void mapMembersAcceptAnySubKey() {
        ConfigSurface config = PROJECT.service("request-intake").config();

        assertThat(config.reads("PKCS_INTAKE_CONNECTORS_RELEASES__1_0_0_")).isTrue();
        assertThat(config.reads("PKCS_INTAKE_CONNECTORS_HEALTH_METRICS_MAX_BUCKETS"))
                .isTrue();
        assertThat(config.reads("PKCS_INTAKE_CONNECTORS_RELEASES")).isFalse();
    }

    @Test
    void theScannerUnderstandsGroupsNamesAndOptionalGroups() {
        String source =
                """
                package x;

                import io.smallrye.config.ConfigMapping;
                import io.smallrye.config.WithName;
                import io.smallrye.config.WithParentName;
                import java.util.Map;
                import java.util.Optional;

                /** Not an interface: "interface Fake { int no(); }" // nor this */
                @ConfigMapping(prefix = "app")
                public interface AppConfig {
                    String URL = "http://example.com"; // a constant, not a property

                    @WithName("base-uri")
                    String baseUrl();

                    Optional<Tls> tls();

                    @WithParentName
                    Limits limits();

                    Map<String, Integer> weights();

                    default String describe() {
                        return baseUrl() + "{";
                    }

                    static AppConfig none() { return null; }

                    interface Tls {
                        boolean enabled();
                        @WithName("trust-store") String trustStorePath();
                    }

                    interface Limits {
                        int maxRequests();
                    }
                }

                class Bean {
                    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "other." + "property")
                    String other;

                    interface NotConfig { void run(String argument); }
                }
                """;
        JavaConfigScanner.Declared declared = JavaConfigScanner.scanSource(source);

        assertThat(declared.properties())
                .containsExactlyInAnyOrder(
                        "app.base-uri", "app.tls.enabled", "app.tls.trust-store", "app.max-requests", "other.property");
        assertThat(declared.mapPrefixes()).containsExactly("app.weights");
    }

    @Test
    void theScannerRefusesWhatItDoesNotUnderstand() {
        String source =
                """
                package x;
                @io.smallrye.config.ConfigMapping(prefix = "app")
                interface AppConfig extends Base {
                    int size();
                }
                interface Base { int other(); }
                """;
        assertThatThrownBy(() -> JavaConfigScanner.scanSource(source)).hasMessageContaining("interface inheritance");
    }
}
