// swift-tools-version:6.1
// GRDB 7.10 needs tools 6.1 or later. Targets are kept small so incremental builds stay fast:
// the model and the parser build without GRDB, the terminal UI's logic builds without ncurses.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "actionplan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "actionplan", targets: ["actionplan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // Plans, findings, actions, statuses, RAG, the working-day calendar, deadline rules,
        // summaries. Foundation only: no I/O, no clock, no SQLite, no ncurses.
        .target(name: "ActionPlanModel", swiftSettings: strict),
        // Data files the program ships (bank holidays, import defaults, sample letters).
        .target(
            name: "ActionPlanData",
            path: "Data",
            exclude: ["README.md"],
            sources: ["ActionPlanData.swift"],
            resources: [.copy("bank-holidays"), .copy("samples"), .copy("import-defaults.json"), .copy("local-authorities.csv")],
            swiftSettings: strict
        ),
        // The only place that touches SQLite.
        .target(
            name: "ActionPlanStore",
            dependencies: ["ActionPlanModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Inspection letter parser: text in, extraction out. No I/O.
        .target(name: "InspectionParser", dependencies: ["ActionPlanModel"], swiftSettings: strict),
        // Progress summaries and exports (Markdown, HTML, CSV, JSON, iCalendar).
        .target(name: "ActionPlanReports", dependencies: ["ActionPlanModel"], swiftSettings: strict),
        // Display width, truncation and wrapping of text in terminal cells.
        .target(name: "TerminalText", swiftSettings: strict),
        // Screen state, key handling and views drawn into a cell buffer. No ncurses.
        .target(
            name: "TerminalUI",
            dependencies: ["ActionPlanModel", "ActionPlanStore", "TerminalText", "ActionPlanReports"],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CTerminalShim", dependencies: ["CNcursesw"]),
        // The thin layer that copies the cell buffer to ncurses and reads keys.
        .target(
            name: "CursesDriver",
            dependencies: ["CNcursesw", "CTerminalShim", "TerminalUI", "TerminalText"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "actionplan",
            dependencies: [
                "ActionPlanModel", "ActionPlanData", "ActionPlanStore", "InspectionParser",
                "ActionPlanReports", "TerminalText", "TerminalUI", "CursesDriver",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks, the database generator, and the writer used by the crash and concurrency tests.
        .executableTarget(
            name: "actionplan-bench",
            dependencies: ["ActionPlanModel", "ActionPlanData", "ActionPlanStore", "TerminalUI", "InspectionParser"],
            swiftSettings: strict
        ),
        // What the test targets share: finding and running the built programs.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ActionPlanModelTests", dependencies: ["ActionPlanModel", "ActionPlanData"], swiftSettings: strict),
        .testTarget(name: "ActionPlanStoreTests", dependencies: ["ActionPlanStore", "ActionPlanData"], swiftSettings: strict),
        .testTarget(name: "InspectionParserTests", dependencies: ["TestSupport", "InspectionParser", "ActionPlanData"], swiftSettings: strict),
        .testTarget(name: "ActionPlanReportsTests", dependencies: ["TestSupport", "ActionPlanReports", "ActionPlanStore"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "TerminalUITests",
            dependencies: ["TestSupport", "TerminalUI", "TerminalText", "ActionPlanModel", "ActionPlanStore", "ActionPlanReports"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "ActionPlanModel"], swiftSettings: strict),
    ]
)
