// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: C stays internal, existentials are spelled out, and imports are
/// visible only where they are written (see ARCHITECTURE in the README).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "MemberLink",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "memberlink", targets: ["memberlink"]),
        .library(name: "MemberLink", targets: ["MemberLink"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The byte scans that want the processor's vector instructions (C intrinsics; Swift has no
        // portable way to a byte mask).
        .target(name: "CByteScan"),
        // Batches of file reads in one system call (Linux's io_uring through its raw system calls:
        // its rings are shared memory that C reads and writes with the kernel's ordering).
        .target(name: "CReadRing"),
        // A table-valued function whose rows Swift hands to SQLite (a virtual table module in C:
        // its callbacks and structs are SQLite's C interface).
        .target(name: "CSQLiteFeed", dependencies: ["CSQLite"]),
        .target(
            name: "RecordIO",
            dependencies: ["CZlib", "CLibXML2", "CCrypto", "CByteScan", "CReadRing"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Storage",
            dependencies: ["CSQLite", "CSQLiteFeed"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "MemberLink",
            dependencies: [
                "RecordIO",
                "Storage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "memberlink",
            dependencies: [
                "MemberLink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings,
            // jemalloc for the release build on Linux: a run's records are allocated on one
            // thread and freed on another, and glibc's malloc then takes the allocating thread's
            // arena lock for every free (Benchmarks/README.md: a 1M CSV run 5.0-6.3 s with it,
            // 3.7-4.1 s with jemalloc). Debug and sanitizer builds keep the system's malloc.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))],
            plugins: ["GitRevisionPlugin"]
        ),
        // Reads a partner file into records and nothing else: the benchmark's reader-only figure.
        .executableTarget(
            name: "memberlink-read",
            dependencies: ["MemberLink", "RecordIO"],
            swiftSettings: strictSettings
        ),
        .plugin(name: "GitRevisionPlugin", capability: .buildTool()),
        .testTarget(name: "RecordIOTests", dependencies: ["RecordIO"], swiftSettings: strictSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: strictSettings),
        .testTarget(
            name: "MemberLinkTests",
            dependencies: ["MemberLink", "RecordIO", "Storage"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "memberlinkTests",
            dependencies: ["MemberLink"],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
    ]
)
