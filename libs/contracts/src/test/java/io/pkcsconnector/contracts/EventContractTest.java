package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shape every event shares, checked over all of them so that a new event cannot drift from it. */
class EventContractTest {

    static Stream<Class<?>> eventTypes() {
        return Arrays.stream(PkiEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void isARecordWhoseEnvelopeComponentsComeFirst(Class<?> type) {
        assertThat(type.isRecord()).isTrue();
        RecordComponent[] components = type.getRecordComponents();

        assertThat(Arrays.stream(components).limit(5).map(RecordComponent::getName))
                .containsExactly("eventId", "tenantId", "requestId", "occurredAt", "traceId");
        assertThat(Arrays.stream(components).limit(5).map(RecordComponent::getType))
                .containsExactly(String.class, String.class, String.class, Instant.class, String.class);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void hasAStaticTopicConstantThatIsItsCatalogTopic(Class<?> type) throws Exception {
        Field topic = type.getField("TOPIC");

        assertThat(Modifier.isStatic(topic.getModifiers()) && Modifier.isFinal(topic.getModifiers()))
                .isTrue();
        @SuppressWarnings("unchecked")
        Class<? extends PkiEvent> eventType = (Class<? extends PkiEvent>) type;
        assertThat(topic.get(null)).isSameAs(Topics.forEvent(eventType));
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void hasAFactoryThatTakesAnEnvelope(Class<?> type) {
        List<Method> factories = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals("of") && Modifier.isStatic(method.getModifiers()))
                .toList();

        assertThat(factories).singleElement().satisfies(factory -> {
            assertThat(factory.getParameterTypes()[0]).isEqualTo(EventEnvelope.class);
            assertThat(factory.getReturnType()).isEqualTo(type);
        });
    }

    /**
     * A cheap tripwire for the rule that no event carries a private key or a clear password: a field for one
     * would have to be named for it. The encrypted PFX fields are the only ones allowed to mention either.
     */
    @ParameterizedTest
    @MethodSource("eventTypes")
    void hasNoFieldForAPrivateKeyOrAClearPassword(Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName().toLowerCase(Locale.ROOT);
            boolean secretish = name.contains("password") || name.contains("privatekey") || name.contains("secret");

            assertThat(!secretish || name.startsWith("encrypted"))
                    .as("%s.%s", type.getSimpleName(), component.getName())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void keyFieldOfItsTopicIsAStringComponent(Class<?> type) {
        @SuppressWarnings("unchecked")
        Topic topic = Topics.forEvent((Class<? extends PkiEvent>) type);

        assertThat(Arrays.stream(type.getRecordComponents())).anySatisfy(component -> {
            assertThat(component.getName()).isEqualTo(topic.keyField());
            assertThat(component.getType()).isEqualTo(String.class);
        });
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void envelopeOfASampleHasItsEnvelopeComponents(Class<?> type) {
        PkiEvent sample = GoldenSamples.all().get(type);

        EventEnvelope envelope = sample.envelope();

        assertThat(envelope.eventId()).isEqualTo(sample.eventId());
        assertThat(envelope.tenantId()).isEqualTo(sample.tenantId());
        assertThat(envelope.requestId()).isEqualTo(sample.requestId());
        assertThat(envelope.occurredAt()).isEqualTo(sample.occurredAt());
        assertThat(envelope.traceId()).isEqualTo(sample.traceId());
    }
}
