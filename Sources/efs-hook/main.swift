import EFSHookCLI
import Foundation

exit(await CommandLineRunner.main())
