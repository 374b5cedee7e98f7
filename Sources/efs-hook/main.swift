import Dispatch
import EFSHookCLI
import Foundation

// Not an async main: that parks the main thread with dispatch_main(), whose pthread_exit()
// unwinds the main stack, and in the static executable the first unwind makes libgcc sort
// every frame description entry of the binary, on each start. The command
// starts on the main thread instead; a warm launch never suspends, so it finishes there
// without starting a single worker thread. If it does suspend (AWS calls), it goes on in
// the cooperative pool while the main thread waits; either way it ends by calling exit.
nonisolated func start() {
    Task.immediate {
        exit(await CommandLineRunner.main())
    }
}

start()
DispatchSemaphore(value: 0).wait()
