internal import RecordIO

/// The text values of a record's fields, in one allocation of their own, with value semantics
/// (copy on write): what ``PassengerRecord`` holds instead of an array of strings.
///
/// An array of strings is freed by the runtime's generic destroy, which calls each string's
/// destroy through its type's value witness, and that hands even a short string's bits to
/// `swift_release` (on Linux): about 35 instructions a value, 850 for a record, a million records a
/// run. Most values are short strings, which live in their own two words and hold no reference
/// (``RecordIO/SmallASCIIString/isSmall(_:)``): here they are left as they are when the memory is
/// freed, and only the others are destroyed.
public struct FieldValues: @unchecked Sendable, Hashable, RandomAccessCollection {
    /// The values after a header holding their count. Changed only while uniquely referenced, so
    /// sharing one between threads (a record handed on) is safe.
    private final class Storage: ManagedBuffer<Int, String> {
        deinit {
            withUnsafeMutablePointers { count, values in
                for index in 0..<count.pointee where !SmallASCIIString.isSmall(values[index]) {
                    (values + index).deinitialize(count: 1)
                }
            }
        }
    }

    private var storage: Storage

    /// `count` values, each `value(index)`, made in place.
    @inline(__always)
    public init(count: Int, _ value: (Int) throws -> String) rethrows {
        storage = unsafeDowncast(Storage.create(minimumCapacity: count) { _ in 0 }, to: Storage.self)
        try storage.withUnsafeMutablePointers { initialized, values in
            while initialized.pointee < count {
                (values + initialized.pointee).initialize(to: try value(initialized.pointee))
                initialized.pointee += 1
            }
        }
    }

    /// `count` values, which `initialize` initializes, every one, through the pointer it is given
    /// (as `Array(unsafeUninitializedCapacity:initializingWith:)`, without a call per value).
    public init(
        unsafeUninitializedCount count: Int, initializingWith initialize: (UnsafeMutablePointer<String>) -> Void
    ) {
        storage = unsafeDowncast(Storage.create(minimumCapacity: count) { _ in 0 }, to: Storage.self)
        storage.withUnsafeMutablePointers { initialized, values in
            initialize(values)
            initialized.pointee = count
        }
    }

    /// `count` empty values.
    public init(count: Int) {
        self.init(unsafeUninitializedCount: count) { $0.initialize(repeating: "", count: count) }
    }

    /// The values of an array.
    public init(_ values: [String]) {
        self.init(count: values.count) { values[$0] }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.header }
    public var count: Int { storage.header }

    public subscript(index: Int) -> String {
        @inline(__always) get {
            precondition(index >= 0 && index < storage.header, "field index out of range")
            // A small value (most) copied from its two words, without the runtime's two calls.
            return storage.withUnsafeMutablePointerToElements { SmallASCIIString.copy(ofStringAt: $0 + index) }
        }
        set {
            precondition(index >= 0 && index < storage.header, "field index out of range")
            if !isKnownUniquelyReferenced(&storage) { storage = copy() }
            storage.withUnsafeMutablePointerToElements { $0[index] = newValue }
        }
    }

    /// Whether the value at `index` is empty, decided where it lies: a small string (and so the
    /// empty one) by the count in its second word, without a copy of it.
    @inline(__always)
    public func isEmpty(at index: Int) -> Bool {
        precondition(index >= 0 && index < storage.header, "field index out of range")
        return storage.withUnsafeMutablePointerToElements { values in
            if let words = SmallASCIIString.words(ofSmallStringAt: values + index) { return words.count == 0 }
            return values[index].isEmpty
        }
    }

    private func copy() -> Storage {
        FieldValues(count: count) { self[$0] }.storage
    }

    public static func == (left: FieldValues, right: FieldValues) -> Bool {
        left.storage === right.storage
            || (left.count == right.count && (0..<left.count).allSatisfy { left[$0] == right[$0] })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for index in 0..<count { hasher.combine(self[index]) }
    }
}
