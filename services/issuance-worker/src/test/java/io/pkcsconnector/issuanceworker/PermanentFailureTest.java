package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.pki.ViolationCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PermanentFailureTest {

    @Test
    void violationCodesBecomeStableCamelCaseErrorCodes() {
        assertThat(PermanentFailure.errorCode(ViolationCode.KEY_TOO_SMALL)).isEqualTo("templateViolation.keyTooSmall");
        assertThat(PermanentFailure.errorCode(ViolationCode.UNKNOWN_TEMPLATE))
                .isEqualTo("templateViolation.unknownTemplate");
        assertThat(PermanentFailure.errorCode(ViolationCode.EKU_NOT_ALLOWED))
                .isEqualTo("templateViolation.ekuNotAllowed");
        assertThat(Arrays.stream(ViolationCode.values()).map(PermanentFailure::errorCode))
                .allMatch(code -> code.matches("templateViolation\\.[a-z][A-Za-z]+"))
                .doesNotHaveDuplicates();
    }

    @Test
    void longMessagesAreCutAndMissingOnesNamed() {
        assertThat(new PermanentFailure("invalidSubject", "x".repeat(5000)).errorMessage())
                .hasSize(PermanentFailure.MAX_MESSAGE_LENGTH);
        assertThat(new PermanentFailure("invalidSubject", null).errorMessage()).isEqualTo("invalidSubject");
    }
}
