/// What CreateFileSystem answered: a new file system, or the one its creation token already
/// names (`FileSystemAlreadyExists`), which makes the call idempotent.
public enum FileSystemCreation: Sendable, Equatable {
    case created(FileSystemDescription)
    /// Real EFS names the existing file system in the error; moto leaves it out (nil).
    case alreadyExists(fileSystemId: String?)
}
