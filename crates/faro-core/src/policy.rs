//! The one authorization policy. Every page, API route and command asks [`authorize`] whether a
//! principal may perform an action on a resource; nothing else decides access.

use crate::{Jurisdiction, Role};

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    Staff {
        user_id: i64,
        role: Role,
        jurisdiction: Jurisdiction,
    },
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Public pages: home, health, API documentation, login.
    ViewPublic,
    /// The staff home page of one's role.
    ViewStaffHome,
    /// Search and read the employer and workplace registry.
    ViewRegistry,
    /// Register or change employers and workplaces.
    EditRegistry,
    /// Create users and read the list of users.
    ManageUsers,
    /// Read the event log and verify the audit chain.
    ViewAudit,
    /// Change one's own preferences (language) and log out.
    ManageOwnAccount,
    /// Read inspections, their records, findings and measures.
    ViewInspections,
    /// Carry out an inspection: notify, visit, answer the protocol, close the record, issue and
    /// verify corrective measures.
    ConductInspections,
    /// Program inspections, issue orders, assign inspectors, cancel, and manage programs.
    PlanInspections,
    /// See child-labor and forced-labor cases and their referrals (protected cases).
    ViewProtectedCases,
    /// Act on referrals to other authorities.
    ManageReferrals,
    /// Read sanction procedures and the fines ledger.
    ViewSanctions,
    /// Conduct the sanction procedure: summon, hear, resolve, notify, record payments, collection.
    ManageSanctions,
    /// Managers' dashboards of inspections and fines.
    ViewDashboards,
    /// Read a centre's conciliation cases, agenda and deadlines.
    ViewConciliation,
    /// Take requests at the counter, schedule, record the service of summons, hold hearings,
    /// record payments of a convenio.
    ConductConciliation,
    /// Run a centre: its rooms, and moving hearings between conciliators.
    ManageConciliation,
    /// Ask whether a certificate of no conciliation exists for a CURP, RFC or folio (labor
    /// courts); national, not bound to a centre.
    LookupCertificates,
    /// Read the risk scores of workplaces, their explanations, the rankings and the models'
    /// evaluation reports. Never public: a ranking of employers by risk is for the inspectorate.
    ViewRisk,
    /// The registrar's work on the registry of unions and collective agreements (LFT 365-403):
    /// review filings and deposits, register or refuse them, issue certificates of
    /// representativeness, call worker votes and record their results, publish them. National:
    /// the Federal Center registers every union and agreement.
    ManageUnionRegistry,
    /// The registry's confidential files: member lists, voter rolls, support lists and the
    /// integrity flags with their evidence (LFT 365 Bis, 390 Bis-I). Never public.
    ViewUnionFiles,
}

/// On what record, when the action is about one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// No particular record (a list, a search, a home page).
    Collection,
    /// A record that belongs to a jurisdiction (a workplace belongs to its state).
    InJurisdiction(Jurisdiction),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not logged in: the caller should ask for a login.
    NeedsLogin,
    /// Logged in but not allowed: the reason is a translation key.
    Deny(&'static str),
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// Roles that may do an action at all, before jurisdiction is considered.
fn role_may(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewPublic | ViewStaffHome | ManageOwnAccount => true,
        // The registry is shared by every procedure: all staff read it.
        ViewRegistry => true,
        EditRegistry => matches!(role, Administrator | Inspector | InspectionSupervisor | Registrar),
        ManageUsers => role == Administrator,
        ViewAudit => matches!(role, Administrator | Analyst),
        ViewInspections => matches!(
            role,
            Administrator | Inspector | InspectionSupervisor | SanctionsOfficer | Analyst
        ),
        ConductInspections => matches!(role, Inspector | InspectionSupervisor),
        PlanInspections => matches!(role, Administrator | InspectionSupervisor),
        ViewProtectedCases | ManageReferrals => matches!(role, Administrator | Inspector | InspectionSupervisor),
        ViewSanctions => matches!(role, Administrator | InspectionSupervisor | SanctionsOfficer | Analyst),
        ManageSanctions => role == SanctionsOfficer,
        ViewDashboards => matches!(role, Administrator | Analyst | InspectionSupervisor | SanctionsOfficer),
        ViewConciliation => matches!(role, Administrator | Conciliator | Analyst),
        ConductConciliation => matches!(role, Administrator | Conciliator),
        ManageConciliation => role == Administrator,
        LookupCertificates => matches!(role, Administrator | Conciliator),
        ViewRisk => matches!(role, Administrator | Inspector | InspectionSupervisor | Analyst),
        ManageUnionRegistry | ViewUnionFiles => matches!(role, Administrator | Registrar),
    }
}

/// Reading is allowed across jurisdictions for registry data (workplaces are public facts), but
/// changing a record, and reading a case (an inspection, a referral, a sanction), needs an
/// authority over its jurisdiction: a state user covers their state, a federal user every record.
fn needs_jurisdiction(action: Action) -> bool {
    use Action::*;
    matches!(
        action,
        EditRegistry
            | ManageUsers
            | ViewInspections
            | ConductInspections
            | PlanInspections
            | ViewProtectedCases
            | ManageReferrals
            | ViewSanctions
            | ManageSanctions
            | ViewConciliation
            | ConductConciliation
            | ManageConciliation
    )
}

pub fn authorize(principal: &Principal, action: Action, resource: Resource) -> Decision {
    match principal {
        Principal::Anonymous => {
            if action == Action::ViewPublic {
                Decision::Allow
            } else {
                Decision::NeedsLogin
            }
        }
        Principal::Staff { role, jurisdiction, .. } => {
            if !role_may(*role, action) {
                return Decision::Deny("policy.role_not_allowed");
            }
            if needs_jurisdiction(action) {
                if let Resource::InJurisdiction(record) = resource {
                    if !jurisdiction.covers(record) {
                        return Decision::Deny("policy.other_jurisdiction");
                    }
                }
            }
            Decision::Allow
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StateCode;

    fn staff(role: Role, j: Jurisdiction) -> Principal {
        Principal::Staff {
            user_id: 1,
            role,
            jurisdiction: j,
        }
    }

    #[test]
    fn conciliators_work_their_own_centre_and_look_up_certificates_nationally() {
        let jal = Jurisdiction::State(StateCode::new(14).unwrap());
        let cdmx = Jurisdiction::State(StateCode::new(9).unwrap());
        let c = staff(Role::Conciliator, jal);
        for a in [Action::ViewConciliation, Action::ConductConciliation] {
            assert!(authorize(&c, a, Resource::InJurisdiction(jal)).is_allowed());
            assert_eq!(
                authorize(&c, a, Resource::InJurisdiction(cdmx)),
                Decision::Deny("policy.other_jurisdiction")
            );
        }
        assert!(!authorize(&c, Action::ManageConciliation, Resource::InJurisdiction(jal)).is_allowed());
        assert!(authorize(&c, Action::LookupCertificates, Resource::InJurisdiction(cdmx)).is_allowed());
        // Inspectors do not see conciliation; analysts read it; the public files requests only.
        let i = staff(Role::Inspector, Jurisdiction::Federal);
        assert!(!authorize(&i, Action::ViewConciliation, Resource::Collection).is_allowed());
        let a = staff(Role::Analyst, Jurisdiction::Federal);
        assert!(authorize(&a, Action::ViewConciliation, Resource::InJurisdiction(jal)).is_allowed());
        assert!(!authorize(&a, Action::ConductConciliation, Resource::InJurisdiction(jal)).is_allowed());
        assert_eq!(
            authorize(&Principal::Anonymous, Action::LookupCertificates, Resource::Collection),
            Decision::NeedsLogin
        );
    }

    #[test]
    fn registrars_keep_the_union_registry_nationally_and_alone_see_its_files() {
        let jal = Jurisdiction::State(StateCode::new(14).unwrap());
        for a in [Action::ManageUnionRegistry, Action::ViewUnionFiles] {
            let r = staff(Role::Registrar, Jurisdiction::Federal);
            assert!(authorize(&r, a, Resource::InJurisdiction(jal)).is_allowed());
            assert!(authorize(
                &staff(Role::Administrator, Jurisdiction::Federal),
                a,
                Resource::Collection
            )
            .is_allowed());
            for role in [
                Role::Inspector,
                Role::InspectionSupervisor,
                Role::SanctionsOfficer,
                Role::Conciliator,
                Role::Analyst,
            ] {
                assert_eq!(
                    authorize(&staff(role, Jurisdiction::Federal), a, Resource::Collection),
                    Decision::Deny("policy.role_not_allowed")
                );
            }
            assert_eq!(
                authorize(&Principal::Anonymous, a, Resource::Collection),
                Decision::NeedsLogin
            );
        }
    }

    #[test]
    fn anonymous_sees_only_public() {
        assert_eq!(
            authorize(&Principal::Anonymous, Action::ViewPublic, Resource::Collection),
            Decision::Allow
        );
        assert_eq!(
            authorize(&Principal::Anonymous, Action::ViewRegistry, Resource::Collection),
            Decision::NeedsLogin
        );
    }

    #[test]
    fn state_staff_edit_only_their_state() {
        let jal = Jurisdiction::State(StateCode::new(14).unwrap());
        let cdmx = Jurisdiction::State(StateCode::new(9).unwrap());
        let p = staff(Role::Inspector, jal);
        assert!(authorize(&p, Action::EditRegistry, Resource::InJurisdiction(jal)).is_allowed());
        assert_eq!(
            authorize(&p, Action::EditRegistry, Resource::InJurisdiction(cdmx)),
            Decision::Deny("policy.other_jurisdiction")
        );
        assert!(authorize(&p, Action::ViewRegistry, Resource::InJurisdiction(cdmx)).is_allowed());
        let fed = staff(Role::Inspector, Jurisdiction::Federal);
        assert!(authorize(&fed, Action::EditRegistry, Resource::InJurisdiction(cdmx)).is_allowed());
    }

    #[test]
    fn only_administrators_manage_users() {
        for role in Role::ALL {
            let d = authorize(
                &staff(role, Jurisdiction::Federal),
                Action::ManageUsers,
                Resource::Collection,
            );
            assert_eq!(d.is_allowed(), role == Role::Administrator, "{role}");
        }
    }
}
