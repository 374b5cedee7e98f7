import Benchmark

// Each benchmark measures one call of the project's own entry point per iteration; inputs are
// read and built in `setup:`, outside the measurement.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 100,
        maxDuration: .seconds(2),
        maxIterations: 20_000
    )
    taskDecodingBenchmarks()
    planningBenchmarks()
    signingBenchmarks()
}
