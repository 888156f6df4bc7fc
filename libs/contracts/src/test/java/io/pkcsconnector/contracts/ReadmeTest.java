package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The topic table in the README is what people and the deployment read, so it must say what the catalog says. */
class ReadmeTest {

    @Test
    void topicTableMatchesTheCatalog() throws IOException {
        Map<String, List<String>> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `pki."))
                .map(line -> Arrays.stream(line.split("\\|"))
                        .skip(1)
                        .map(String::strip)
                        .map(cell -> cell.replace("`", ""))
                        .toList())
                .collect(Collectors.toMap(cells -> cells.get(0), Function.identity()));

        assertThat(rows.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.all().stream().map(Topic::name).toList());
        for (Topic topic : Topics.all()) {
            List<String> row = rows.get(topic.name());
            assertThat(row.subList(1, 6))
                    .as(topic.name())
                    .containsExactly(
                            Integer.toString(topic.partitions()),
                            topic.cleanupPolicy().configValue(),
                            retention(topic),
                            topic.keyField(),
                            topic.isDeadLetter()
                                    ? "– (original bytes)"
                                    : topic.eventType().getSimpleName());
        }
    }

    private static String retention(Topic topic) {
        return topic.retentionMs() == Topic.RETAIN_FOREVER
                ? "forever"
                : Duration.ofMillis(topic.retentionMs()).toDays() + " days";
    }
}
