//! The roles an organization starts with, ready to give to people (DOMAIN.md section 1).
//! Administrators change them or make their own; they are created once, on first start.

use crm_core::security::{Action, Depth, Privilege, entities};

/// A default role.
pub struct DefaultRole {
    /// Its name.
    pub name: &'static str,
    /// What it is for.
    pub description: &'static str,
    /// Every privilege and organization-wide (System Administrator).
    pub is_system_admin: bool,
    /// Its privileges.
    pub privileges: Vec<Privilege>,
}

fn grant(entity: &str, actions: &[Action], depth: Depth) -> Vec<Privilege> {
    actions
        .iter()
        .map(|action| Privilege {
            entity: entity.to_owned(),
            action: *action,
            depth,
        })
        .collect()
}

/// The customer records and what is logged on them, which the default roles reach alike.
const CUSTOMER_RECORDS: [&str; 8] = [
    entities::ACCOUNTS,
    entities::CONTACTS,
    entities::LEADS,
    entities::OPPORTUNITIES,
    entities::ACTIVITIES,
    entities::NOTES,
    entities::CASES,
    entities::CONTRACTS,
];

/// The service desk's configuration, which its managers maintain.
const SERVICE_CONFIGURATION: [&str; 4] = [
    entities::QUEUES,
    entities::ROUTING_RULES,
    entities::SLA_POLICIES,
    entities::CONTRACT_TEMPLATES,
];

fn customers(read: Depth, write: Depth, delete: Depth, assign: Depth) -> Vec<Privilege> {
    CUSTOMER_RECORDS
        .iter()
        .flat_map(|entity| {
            let mut p = grant(entity, &[Action::Read], read);
            p.extend(grant(entity, &[Action::Create, Action::Update], write));
            p.extend(grant(entity, &[Action::Delete], delete));
            p.extend(grant(entity, &[Action::Assign, Action::Share], assign));
            p
        })
        .filter(|p| p.depth > Depth::None)
        .collect()
}

/// The knowledge base: everyone reads it; `write` drafts and edits articles (and deletes their
/// drafts), `approve` publishes, and managers also keep the article templates.
fn knowledge(write: Depth, approve: bool) -> Vec<Privilege> {
    let mut p = grant(
        entities::KNOWLEDGE_ARTICLES,
        &[Action::Read],
        Depth::Organization,
    );
    if write > Depth::None {
        p.extend(grant(
            entities::KNOWLEDGE_ARTICLES,
            &[Action::Create, Action::Update, Action::Delete],
            write,
        ));
    }
    if approve {
        p.extend(grant(
            entities::KNOWLEDGE_ARTICLES,
            &[Action::Approve, Action::Assign],
            Depth::Organization,
        ));
        p.extend(grant(
            entities::ARTICLE_TEMPLATES,
            &[Action::Create, Action::Update, Action::Delete],
            Depth::Organization,
        ));
    }
    p
}

/// The default roles.
pub fn roles() -> Vec<DefaultRole> {
    use Depth::*;
    let mut sales_manager = customers(
        BusinessUnitTree,
        BusinessUnitTree,
        BusinessUnit,
        BusinessUnitTree,
    );
    sales_manager.extend(grant(entities::USERS, &[Action::Update], BusinessUnit));
    sales_manager.extend(grant(
        entities::TEAMS,
        &[Action::Create, Action::Update],
        BusinessUnit,
    ));
    sales_manager.extend(grant(entities::ROLES, &[Action::Read], Organization));
    sales_manager.extend(knowledge(None, false));
    sales_manager.extend(grant(
        entities::EMAIL_TEMPLATES,
        &[Action::Create, Action::Update, Action::Delete],
        Organization,
    ));
    let mut service_manager = customers(
        Organization,
        BusinessUnitTree,
        BusinessUnit,
        BusinessUnitTree,
    );
    for entity in SERVICE_CONFIGURATION {
        service_manager.extend(grant(
            entity,
            &[Action::Create, Action::Update, Action::Delete],
            Organization,
        ));
    }
    service_manager.extend(grant(entities::USERS, &[Action::Update], BusinessUnit));
    service_manager.extend(knowledge(Organization, true));
    service_manager.extend(grant(
        entities::EMAIL_TEMPLATES,
        &[Action::Create, Action::Update, Action::Delete],
        Organization,
    ));
    vec![
        DefaultRole {
            name: "System Administrator",
            description: "Every privilege on every record, organization-wide.",
            is_system_admin: true,
            privileges: Vec::new(),
        },
        DefaultRole {
            name: "Sales Manager",
            description: "Leads the sales people of a unit and the units below it: sees and reassigns their customers, manages the people of the unit.",
            is_system_admin: false,
            privileges: sales_manager,
        },
        DefaultRole {
            name: "Salesperson",
            description: "Works their own accounts and contacts (and those of the people who report to them).",
            is_system_admin: false,
            privileges: [customers(Own, Own, Own, Own), knowledge(None, false)].concat(),
        },
        DefaultRole {
            name: "Customer Service Representative",
            description: "Finds any customer to help them; changes the customers of their unit; writes knowledge articles for approval.",
            is_system_admin: false,
            privileges: [
                customers(Organization, BusinessUnit, None, Own),
                knowledge(Own, false),
            ]
            .concat(),
        },
        DefaultRole {
            name: "Customer Service Manager",
            description: "Leads the service desk: sees every customer, reassigns and escalates the cases of their units, maintains queues, routing rules, service levels and contract templates, and approves knowledge articles.",
            is_system_admin: false,
            privileges: service_manager,
        },
        DefaultRole {
            name: "Marketing",
            description: "Reads every customer to build lists and campaigns; maintains their own records.",
            is_system_admin: false,
            privileges: [
                customers(Organization, Own, Own, None),
                knowledge(None, false),
            ]
            .concat(),
        },
        DefaultRole {
            name: "Read-only",
            description: "Reads every customer record; changes nothing.",
            is_system_admin: false,
            privileges: [
                customers(Organization, None, None, None),
                knowledge(None, false),
            ]
            .concat(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_roles_are_the_seven_the_organization_expects() {
        let names: Vec<_> = roles().iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "System Administrator",
                "Sales Manager",
                "Salesperson",
                "Customer Service Representative",
                "Customer Service Manager",
                "Marketing",
                "Read-only"
            ]
        );
    }

    #[test]
    fn a_salesperson_works_only_their_own_customers() {
        let salesperson = roles()
            .into_iter()
            .find(|r| r.name == "Salesperson")
            .unwrap();
        assert!(
            salesperson
                .privileges
                .iter()
                .filter(|p| p.entity != entities::KNOWLEDGE_ARTICLES)
                .all(|p| p.depth == Depth::Own)
        );
        // Everyone finds the answers of the knowledge base; nobody but its writers changes it.
        assert!(
            salesperson
                .privileges
                .iter()
                .filter(|p| p.entity == entities::KNOWLEDGE_ARTICLES)
                .all(|p| p.action == Action::Read && p.depth == Depth::Organization)
        );
        assert!(
            salesperson
                .privileges
                .iter()
                .any(|p| p.entity == "accounts" && p.action == Action::Create)
        );
    }

    #[test]
    fn read_only_changes_nothing() {
        let read_only = roles().into_iter().find(|r| r.name == "Read-only").unwrap();
        assert!(
            read_only
                .privileges
                .iter()
                .all(|p| p.action == Action::Read)
        );
    }
}
