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
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Plans, findings, actions, statuses, RAG, the working-day calendar, deadline rules,
        // summaries. Foundation only: no I/O, no clock, no SQLite, no ncurses.
        .target(name: "ActionPlanModel", swiftSettings: strict),
        // Data files the program ships (bank holidays, import defaults, sample letters, authorities, theme rules).
        .target(
            name: "ActionPlanData",
            path: "Data",
            exclude: ["README.md"],
            sources: ["ActionPlanData.swift"],
            resources: [.copy("bank-holidays"), .copy("samples"), .copy("import-defaults.json"), .copy("local-authorities.csv"), .copy("themes.txt")],
            swiftSettings: strict
        ),
        // The store interface (`PlanStore`, queries, change sets, errors), the audit trail's
        // vocabulary and the exit statuses: what every backend and every front end share. No GRDB.
        .target(name: "ActionPlanCore", dependencies: ["ActionPlanModel"], swiftSettings: strict),
        // The store's logic over any SQL database (`SQLDatabase`): what SQLite and PostgreSQL share.
        // No GRDB, no libpq.
        .target(name: "ActionPlanSQL", dependencies: ["ActionPlanModel", "ActionPlanCore"], swiftSettings: strict),
        // The SQLite implementation of `PlanStore`: the only place that touches SQLite.
        .target(
            name: "ActionPlanSQLite",
            // GRDBSQLite (GRDB's own module of the system SQLite) for binding an import's values straight to a prepared statement.
            dependencies: ["ActionPlanModel", "ActionPlanCore", "ActionPlanSQL", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // libpq, PostgreSQL's C client (Debian's libpq-dev): conninfo, ~/.pgpass, PGPASSWORD,
        // sslmode and Unix sockets as every PostgreSQL tool reads them, with no Swift package to build.
        // Its header only: the library is opened when a PostgreSQL database is used (shim.h).
        .systemLibrary(name: "CLibpq", providers: [.apt(["libpq-dev"])]),
        // The PostgreSQL connection behind `SQLDatabase`: the only place that touches libpq.
        .target(
            name: "ActionPlanPostgres",
            dependencies: ["ActionPlanModel", "ActionPlanCore", "ActionPlanSQL", "CLibpq"],
            swiftSettings: strict
        ),
        // Inspection letter parser: text in, extraction out. No I/O.
        .target(name: "InspectionParser", dependencies: ["ActionPlanModel"], swiftSettings: strict),
        // Progress summaries and exports (Markdown, HTML, CSV, JSON, iCalendar).
        .target(name: "ActionPlanReports", dependencies: ["ActionPlanModel", "ActionPlanCore"], swiftSettings: strict),
        // Excel workbooks (Office Open XML): the board workbook written from a summary, and any
        // workbook's cells read back. The only target that links ZIPFoundation.
        .target(
            name: "ActionPlanWorkbook",
            dependencies: ["ActionPlanModel", "ActionPlanCore", "ActionPlanReports", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // What the command line and the terminal UI both do: import (with the PDF step), import of
        // a spreadsheet, export, the SMART check. Errors carry their exit status.
        .target(
            name: "ActionPlanOperations",
            dependencies: ["ActionPlanModel", "ActionPlanCore", "ActionPlanData", "ActionPlanReports", "ActionPlanWorkbook", "InspectionParser"],
            swiftSettings: strict
        ),
        // Display width, truncation and wrapping of text in terminal cells.
        .target(name: "TerminalText", swiftSettings: strict),
        // Screen state, key handling and views drawn into a cell buffer. No ncurses.
        .target(
            name: "TerminalUI",
            dependencies: ["ActionPlanModel", "ActionPlanCore", "TerminalText", "ActionPlanReports"],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CTerminalShim", dependencies: ["CNcursesw"]),
        // The thin layer that copies the cell buffer to ncurses and reads keys.
        .target(
            name: "CursesDriver",
            dependencies: ["CNcursesw", "CTerminalShim", "TerminalUI", "TerminalText", "ActionPlanModel", "ActionPlanCore"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "actionplan",
            dependencies: [
                "ActionPlanModel", "ActionPlanData", "ActionPlanCore", "ActionPlanSQLite", "ActionPlanSQL", "ActionPlanPostgres", "ActionPlanOperations", "InspectionParser",
                "ActionPlanReports", "TerminalText", "TerminalUI", "CursesDriver",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Writes the manual page from `actionplan --experimental-dump-help` (make man, make install).
        .executableTarget(name: "actionplan-man", dependencies: ["ActionPlanCore"], swiftSettings: strict),
        // Benchmarks, the database generator, and the writer used by the crash and concurrency tests.
        .executableTarget(
            name: "actionplan-bench",
            dependencies: ["ActionPlanModel", "ActionPlanData", "ActionPlanCore", "ActionPlanSQLite", "ActionPlanSQL", "TerminalUI", "InspectionParser"],
            swiftSettings: strict
        ),
        // What the test targets share: finding and running the built programs.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ActionPlanModelTests", dependencies: ["ActionPlanModel", "ActionPlanData"], exclude: ["ThemeSample", "Recurrence/pairs.tsv"], swiftSettings: strict),
        .testTarget(name: "ActionPlanStoreTests", dependencies: ["TestSupport", "ActionPlanCore", "ActionPlanSQLite", "ActionPlanSQL", "ActionPlanPostgres", "ActionPlanData"], swiftSettings: strict),
        .testTarget(name: "InspectionParserTests", dependencies: ["TestSupport", "InspectionParser", "ActionPlanData"], swiftSettings: strict),
        .testTarget(name: "ActionPlanReportsTests", dependencies: ["TestSupport", "ActionPlanReports", "ActionPlanCore", "ActionPlanSQLite", "ActionPlanSQL"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "TerminalUITests",
            dependencies: ["TestSupport", "TerminalUI", "TerminalText", "ActionPlanModel", "ActionPlanCore", "ActionPlanSQLite", "ActionPlanSQL", "ActionPlanReports"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ActionPlanWorkbookTests",
            dependencies: ["TestSupport", "ActionPlanWorkbook", "ActionPlanReports", "ActionPlanCore", "ActionPlanModel", "ActionPlanSQLite", "ActionPlanSQL"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ActionPlanOperationsTests",
            dependencies: ["ActionPlanOperations", "ActionPlanCore", "ActionPlanSQLite", "ActionPlanSQL", "ActionPlanReports", "ActionPlanModel", "ActionPlanData", "ActionPlanWorkbook"],
            swiftSettings: strict
        ),
        // Needs the throw-away cluster of `make test` (scripts/with-postgres sets ACTIONPLAN_TEST_PG).
        .testTarget(name: "ActionPlanPostgresTests", dependencies: ["TestSupport", "ActionPlanPostgres", "ActionPlanSQL"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "ActionPlanModel"], swiftSettings: strict),
    ]
)
