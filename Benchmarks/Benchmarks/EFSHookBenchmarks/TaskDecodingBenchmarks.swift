import Benchmark
import VolumeModel

/// Aurora's usual shape: the Thermos executor's ContainerInfo with Docker `volume-driver` and
/// `volume` parameters (one efs volume) beside two host-path volumes that are only listed.
private let fixture = "aurora-thermos-docker"

private let extractor = VolumeExtractor(drivers: ["efs"])

func taskDecodingBenchmarks() {
    for encoding in TaskFixture.Encoding.allCases {
        // The whole path `plan` and `prepare` take: bytes to validated volume requests.
        Benchmark("Task decode + extract, \(encoding.label) (\(fixture))") { benchmark, data in
            for _ in benchmark.scaledIterations {
                blackHole(try extractor.volumes(in: TaskDecoder.decode(data)))
            }
        } setup: {
            try TaskFixture.data(fixture, encoding)
        }

        Benchmark("Task decode, \(encoding.label) (\(fixture))") { benchmark, data in
            for _ in benchmark.scaledIterations {
                blackHole(try TaskDecoder.decode(data))
            }
        } setup: {
            try TaskFixture.data(fixture, encoding)
        }
    }

    Benchmark("Volume extract, decoded task (\(fixture))") { benchmark, task in
        for _ in benchmark.scaledIterations {
            blackHole(try extractor.volumes(in: task))
        }
    } setup: {
        try TaskDecoder.decode(TaskFixture.data(fixture, .binary))
    }
}
