import ActionPlanCore

/// The plans a report command is limited to.
enum PlanSelection {
    /// Plan ids from `--plan`, each checked to exist; nil when none was given (every plan).
    static func ids(_ texts: [String], store: any PlanStore) throws -> [Int64]? {
        guard !texts.isEmpty else { return nil }
        let ids = try texts.map { try Parse.id($0, option: "--plan") }
        for id in ids where try store.plan(id: id) == nil {
            throw CLIError(StoreError.notFound(entity: "plan", id: id))
        }
        return ids
    }
}
