package io.pkcsconnector.pkijmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Proves the generated benchmark code runs: one call of the whole issuance benchmark, in this JVM. It
 * measures nothing; {@code bench/run.sh} and {@code java -jar target/benchmarks.jar} do.
 */
class BenchmarksSmokeTest {

    @Test
    void oneIssuanceRunsInProcess() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(IssuePfxBenchmark.class.getName() + ".issuePfx$")
                        .param("key", "ecP256")
                        .mode(Mode.SingleShotTime)
                        .timeUnit(TimeUnit.MILLISECONDS)
                        .forks(0)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .threads(1)
                        .verbosity(VerboseMode.SILENT)
                        .build())
                .run();

        assertThat(results).hasSize(1);
        assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
    }
}
