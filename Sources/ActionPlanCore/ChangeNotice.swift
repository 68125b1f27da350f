import Foundation

/// What one committed change group touched, as a shared database announces it to the open
/// terminal UIs (PostgreSQL's NOTIFY, docs/user-guide.md "Live refresh"): ids only, never text, so
/// a listener learns nothing its grants would hide but that something changed.
public struct ChangeNotice: Codable, Sendable, Hashable {
    /// The change group.
    public var group: Int64
    /// The plans changed; empty with `actions` empty means "anything may have changed".
    public var plans: [Int64]
    /// The actions changed (left out when the list would not fit a notification).
    public var actions: [Int64]

    public init(group: Int64, plans: [Int64], actions: [Int64]) {
        self.group = group
        self.plans = plans
        self.actions = actions
    }

    /// PostgreSQL's limit on a notification's payload is 8,000 bytes.
    public static let payloadLimit = 7_900

    /// The payload: JSON, shortened to fit (the actions dropped, then the plans).
    public var payload: String {
        for candidate in [self, ChangeNotice(group: group, plans: plans, actions: []), ChangeNotice(group: group, plans: [], actions: [])] {
            if let data = try? JSONEncoder().encode(candidate), data.count <= Self.payloadLimit {
                return String(decoding: data, as: UTF8.self)
            }
        }
        return "{\"group\":\(group),\"plans\":[],\"actions\":[]}"
    }

    /// Reads a payload; nil for one that is not ours.
    public init?(payload: String) {
        guard let notice = try? JSONDecoder().decode(ChangeNotice.self, from: Data(payload.utf8)) else { return nil }
        self = notice
    }

    /// Whether a screen showing `planId` (nil: a screen of every plan) must re-read.
    public func concerns(planId: Int64?) -> Bool {
        guard let planId else { return true }
        return plans.isEmpty || plans.contains(planId)
    }
}

/// The changes other people commit, as they arrive (PostgreSQL's LISTEN); a store without one
/// is read again when its change token moves. Sendable because the terminal UI's context, which
/// holds it, is; the UI asks it from one thread only.
public protocol ChangeFeed: AnyObject, Sendable {
    /// The notices that arrived since the last call, waiting at most `timeout` seconds for the
    /// first (0: do not wait).
    func changes(timeout: Double) throws -> [ChangeNotice]
}
