/// The ledger merge at the end of a run (``MemberDirectory/mergeStagedAttachments()``) on a
/// thread of its own, while the run's outputs are published: the merge is SQLite inserting the
/// run's attachments on one core, the publication mostly waits for the disk. Nothing of the merge is
/// recorded until ``commit()``, which a run calls only once its outputs are published, so the
/// ledger never holds an attachment whose outputs are not in place (RELIABILITY.md's order).
///
/// The directory's connection belongs to the merging thread from ``init(directory:)`` until
/// ``commit()`` or ``abandon()`` has joined it: the caller does not touch the directory meanwhile.
final class LedgerMergeBehind {
    private let directory: MemberDirectory
    private var thread: WorkerThread?
    /// What the merge threw; written by the merging thread, read after it is joined.
    private var failure: (any Error)?

    /// Starts merging the directory's stage into its ledger.
    init(directory: MemberDirectory) {
        self.directory = directory
        let merge = Transfer(value: self)
        thread = WorkerThread(name: "memberlink-ldgr") {
            do {
                try merge.value.directory.mergeStagedAttachments()
            } catch {
                merge.value.failure = error
            }
        }
    }

    /// Waits for the merge and commits it (the stage is deleted); when the merge failed, rolls
    /// back whatever it wrote and throws its error.
    func commit() throws {
        thread?.join()
        if let failure {
            directory.rollBackMergedAttachments()
            throw failure
        }
        try directory.commitMergedAttachments()
    }

    /// Waits for the merge and rolls it back: the ledger stays as it was.
    func abandon() {
        thread?.join()
        directory.rollBackMergedAttachments()
    }
}
