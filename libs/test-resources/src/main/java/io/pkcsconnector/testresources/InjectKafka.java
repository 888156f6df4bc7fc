package io.pkcsconnector.testresources;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} field of a test that uses {@link KafkaTestResource}; it receives the
 * broker's {@code bootstrap.servers}, for tests that produce or consume directly.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafka {}
