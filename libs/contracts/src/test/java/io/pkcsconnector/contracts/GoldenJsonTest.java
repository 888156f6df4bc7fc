package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pkcsconnector.contracts.kafka.EventDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden files are the wire format other services and other languages rely on. A change that makes one of
 * these tests fail is a change to the contract: additive changes update the golden file in the same commit;
 * anything else needs a new topic version.
 */
class GoldenJsonTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper MAPPER = EventJson.mapper();

    static Stream<Topic> eventTopics() {
        return Topics.all().stream().filter(topic -> !topic.isDeadLetter());
    }

    private static JsonNode golden(Topic topic) {
        try {
            return MAPPER.readTree(Files.readString(GOLDEN.resolve(topic.name() + ".json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("eventTopics")
    void sampleSerialisesToTheGoldenJson(Topic topic) throws IOException {
        JsonNode written = MAPPER.readTree(EventJson.toJson(GoldenSamples.forTopic(topic)));

        assertThat(written).isEqualTo(golden(topic));
    }

    @ParameterizedTest
    @MethodSource("eventTopics")
    void goldenJsonDeserialisesToTheSample(Topic topic) throws IOException {
        PkiEvent read = EventJson.fromJson(MAPPER.writeValueAsString(golden(topic)), topic.eventType());

        assertThat(read).isEqualTo(GoldenSamples.forTopic(topic));
    }

    /** What a consumer still on this version sees when a producer has added fields within the version. */
    @ParameterizedTest
    @MethodSource("eventTopics")
    void goldenJsonWithUnknownFieldsStillDeserialises(Topic topic) throws IOException {
        JsonNode extended = golden(topic).deepCopy();
        addUnknownFields(extended);

        PkiEvent read = EventJson.fromJson(MAPPER.writeValueAsString(extended), topic.eventType());

        assertThat(read).isEqualTo(GoldenSamples.forTopic(topic));
    }

    private static void addUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().stream().map(Map.Entry::getValue).toList().forEach(GoldenJsonTest::addUnknownFields);
            object.put("addedLaterInV1", "ignored by older consumers");
            object.putObject("addedLaterObject")
                    .put("nested", 1)
                    .putArray("list")
                    .add(true);
        } else if (node instanceof ArrayNode array) {
            array.forEach(GoldenJsonTest::addUnknownFields);
        }
    }

    /** What a consumer sees from an event written before a nullable field was added. */
    @ParameterizedTest
    @MethodSource("eventTopics")
    void goldenJsonWithoutItsNullFieldsStillDeserialises(Topic topic) throws IOException {
        ObjectNode trimmed = (ObjectNode) golden(topic).deepCopy();
        List<String> nullFields = trimmed.properties().stream()
                .filter(field -> field.getValue().isNull())
                .map(Map.Entry::getKey)
                .toList();
        trimmed.remove(nullFields);

        PkiEvent read = EventJson.fromJson(MAPPER.writeValueAsString(trimmed), topic.eventType());

        assertThat(read).isEqualTo(GoldenSamples.forTopic(topic));
    }

    @ParameterizedTest
    @MethodSource("eventTopics")
    void kafkaDeserializerForTheEventReadsTheGoldenJson(Topic topic) throws Exception {
        String className = EventDeserializer.class.getPackageName() + "."
                + topic.eventType().getSimpleName() + "Deserializer";
        Object deserializer = Class.forName(className).getConstructor().newInstance();

        assertThat(deserializer).isInstanceOf(EventDeserializer.class);
        try (EventDeserializer<?> events = (EventDeserializer<?>) deserializer) {
            assertThat(events.type()).isEqualTo(topic.eventType());
            assertThat(events.deserialize(topic.name(), MAPPER.writeValueAsBytes(golden(topic))))
                    .isEqualTo(GoldenSamples.forTopic(topic));
        }
    }

    @ParameterizedTest
    @MethodSource("eventTopics")
    void recordKeyIsTheFieldTheTopicNames(Topic topic) {
        PkiEvent sample = GoldenSamples.forTopic(topic);

        assertThat(golden(topic).path(topic.keyField()).asText()).isEqualTo(sample.partitionKey());
    }

    @Test
    void everyEventTopicHasAGoldenFileAndNoGoldenFileIsOrphaned() throws IOException {
        Set<String> expected =
                eventTopics().map(topic -> topic.name() + ".json").collect(Collectors.toSet());
        Set<String> present;
        try (Stream<Path> files = Files.list(GOLDEN)) {
            present = files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }

        assertThat(present).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void deadLetterTopicsCarryNoEventAndSoHaveNoGoldenFile() {
        List<Topic> deadLetters =
                Topics.all().stream().filter(Topic::isDeadLetter).toList();

        assertThat(deadLetters).isNotEmpty().allSatisfy(topic -> {
            assertThat(topic.eventType()).isNull();
            assertThat(GOLDEN.resolve(topic.name() + ".json")).doesNotExist();
        });
    }

    @Test
    void everyEventTypeHasATopicAndAGoldenSample() {
        List<Class<?>> eventTypes = Arrays.asList(PkiEvent.class.getPermittedSubclasses());
        List<Class<?>> carried = eventTopics().map(Topic::eventType).collect(Collectors.toList());

        assertThat(carried).containsExactlyInAnyOrderElementsOf(eventTypes);
        assertThat(new ArrayList<Class<?>>(GoldenSamples.all().keySet())).containsExactlyInAnyOrderElementsOf(carried);
    }
}
