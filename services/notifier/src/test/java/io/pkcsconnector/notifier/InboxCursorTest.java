package io.pkcsconnector.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxCursorTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, 1_000_000_007L, 999_999_999_999_999_999L})
    void encodedCursorsParseBackToTheirPosition(long seq) {
        String encoded = new InboxCursor(seq).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(InboxCursor.parse(encoded)).isEqualTo(new InboxCursor(seq));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42", "djE6", "v1:42", "a+b/", "dj E6NDI", "djI6NDI", "djE6MDQy", "djE6LTE"})
    void anythingElseIsRefusedWithoutQuotingIt(String encoded) {
        assertThatThrownBy(() -> InboxCursor.parse(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a cursor returned by this service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1:99999999999999999999", "v1:1e3", "v1:+1"})
    void outOfRangeOrOddNumbersAreRefused(String decoded) {
        String encoded =
                Base64.getUrlEncoder().withoutPadding().encodeToString(decoded.getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> InboxCursor.parse(encoded)).isInstanceOf(IllegalArgumentException.class);
    }
}
