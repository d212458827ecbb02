//! The law as data, bundled: the rules, the inspection protocols, the legal calendar and the
//! official catalogs. Built once at start and lent to every decision.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::calendar::LegalCalendar;
use crate::catalog::Catalogs;
use crate::protocol::Protocols;
use crate::rules::Rules;
use crate::{conciliation, inspection, referral, sanction, union, DomainError};

pub struct Law {
    pub rules: Rules,
    pub protocols: &'static Protocols,
    pub calendar: LegalCalendar,
    pub catalogs: Arc<Catalogs>,
}

impl Law {
    /// The official rules, protocols and catalogs embedded in the binary, with the institution's
    /// closure days and its overrides of the configurable rules (a TOML text, or none).
    pub fn official(catalogs: Arc<Catalogs>, overrides: Option<&str>) -> Result<Law, DomainError> {
        let base = Rules::official()?;
        let rules = match overrides {
            Some(text) => base.with_overrides(text)?,
            None => base.clone(),
        };
        Ok(Law {
            rules,
            protocols: Protocols::official()?,
            calendar: LegalCalendar::official(),
            catalogs,
        })
    }

    pub fn inspection_ctx(&self, now: DateTime<Utc>) -> inspection::Ctx<'_> {
        inspection::Ctx {
            now,
            rules: &self.rules,
            protocols: self.protocols,
            calendar: &self.calendar,
            catalogs: self.catalogs.as_ref(),
        }
    }

    pub fn referral_ctx(&self, now: DateTime<Utc>) -> referral::Ctx<'_> {
        referral::Ctx {
            now,
            rules: &self.rules,
            calendar: &self.calendar,
        }
    }

    /// A conciliation decision at a centre with `settings` and the official calendar. A centre
    /// with closure days of its own builds its [`conciliation::Ctx`] with its own calendar.
    pub fn conciliation_ctx<'a>(
        &'a self,
        now: DateTime<Utc>,
        settings: &'a conciliation::CenterSettings,
    ) -> conciliation::Ctx<'a> {
        conciliation::Ctx {
            now,
            rules: &self.rules,
            calendar: &self.calendar,
            catalogs: self.catalogs.as_ref(),
            settings,
        }
    }

    /// A decision of the union and agreements registry, with the registry's own rules
    /// (`rules/union/`, [`union::UnionRules`]) and the registrar's settings.
    pub fn union_ctx<'a>(
        &'a self,
        now: DateTime<Utc>,
        rules: &'a union::UnionRules,
        settings: &'a union::RegistrarSettings,
    ) -> union::Ctx<'a> {
        union::Ctx {
            now,
            rules,
            law_rules: &self.rules,
            catalogs: self.catalogs.as_ref(),
            calendar: &self.calendar,
            settings,
        }
    }

    pub fn sanction_ctx(&self, now: DateTime<Utc>) -> sanction::Ctx<'_> {
        sanction::Ctx {
            now,
            rules: &self.rules,
            calendar: &self.calendar,
            catalogs: self.catalogs.as_ref(),
        }
    }
}
