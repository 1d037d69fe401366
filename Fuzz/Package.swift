// swift-tools-version:6.1
// libFuzzer targets for MemberLink's readers: a separate package, so that `swift build` and
// `swift test` of the product never build them. See README.md for the commands.
import PackageDescription

/// SwiftPM names a path dependency after its folder (this checkout's folder, whatever it is called).
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "MemberLink"
let memberLink: Target.Dependency = .product(name: "MemberLink", package: root)

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "MemberLinkFuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "FuzzCSV", targets: ["FuzzCSV"]),
        .executable(name: "FuzzXML", targets: ["FuzzXML"]),
        .executable(name: "FuzzGzip", targets: ["FuzzGzip"]),
    ],
    dependencies: [
        // By path, so the targets fuzz this checkout.
        .package(path: "..")
    ],
    targets: [
        .executableTarget(name: "FuzzCSV", dependencies: [memberLink], swiftSettings: settings),
        .executableTarget(name: "FuzzXML", dependencies: [memberLink], swiftSettings: settings),
        .executableTarget(name: "FuzzGzip", dependencies: [memberLink], swiftSettings: settings),
    ]
)
