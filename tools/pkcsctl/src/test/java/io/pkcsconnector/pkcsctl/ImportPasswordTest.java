package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPasswordTest {

    @TempDir
    Path dir;

    private char[] read(byte[] content) throws IOException {
        return ImportPassword.read(Files.write(dir.resolve("password"), content));
    }

    @Test
    void stripsOneTrailingLineBreak() throws IOException {
        assertThat(read("secret\n".getBytes())).containsExactly("secret".toCharArray());
        assertThat(read("secret\r\n".getBytes())).containsExactly("secret".toCharArray());
        assertThat(read("secret".getBytes())).containsExactly("secret".toCharArray());
        assertThat(read("secret\n\n".getBytes())).containsExactly("secret\n".toCharArray());
        assertThat(read(" secret \r".getBytes())).containsExactly(" secret \r".toCharArray());
    }

    @Test
    void decodesUtf8AndIgnoresAByteOrderMark() throws IOException {
        byte[] notepad = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'p', (byte) 0xC3, (byte) 0xA4, '\r', '\n'};

        assertThat(read(notepad)).containsExactly('p', 'ä');
    }

    @Test
    void refusesAnEmptyPassword() {
        assertThatThrownBy(() -> read(new byte[0])).hasMessageContaining("is empty");
        assertThatThrownBy(() -> read("\r\n".getBytes())).hasMessageContaining("is empty");
    }

    @Test
    void refusesAFileThatIsNotUtf8() {
        assertThatThrownBy(() -> read(new byte[] {'p', (byte) 0xE4, 'x'})).hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void encodesOneBytePerCharacter() {
        assertThat(ImportPassword.encode("aä\u00FF".toCharArray())).containsExactly('a', 0xE4, 0xFF);
    }

    @Test
    void refusesCharactersAboveLatin1WithoutQuotingThem() {
        assertThatThrownBy(() -> ImportPassword.encode("qz\u0100".toCharArray()))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("above U+00FF (at position 3)")
                .hasMessageNotContaining("qz");
    }
}
