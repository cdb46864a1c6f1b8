//! Draft marking and the decision of an adopted plan.

use super::Resolver;
use crate::document::{Decision, Draft, IsoDate};
use crate::error::Problem;
use crate::format;
use crate::model::Status;

impl Resolver<'_> {
    /// The draft marking, when the plan is a draft or `force` asks for one.
    pub(super) fn draft(&self, force: bool) -> Option<Draft> {
        let d = &self.loaded.plan.dokument;
        let is_draft = force || d.status.as_ref().is_some_and(|s| s.value == Status::Utkast);
        is_draft.then(|| Draft {
            version: d.version.as_ref().map(|v| v.value),
            sammantrade: d.sammantrade.as_ref().map(|m| m.namn.clone()),
            datum: d.sammantrade.as_ref().map(|m| format::date(m.datum)),
            datum_iso: d.sammantrade.as_ref().map(|m| IsoDate::from(m.datum)),
        })
    }

    /// The decision of an adopted plan; each missing fact is a problem.
    pub(super) fn decision(&mut self, draft: bool) -> Option<Decision> {
        let plan = &self.loaded.plan;
        let status = plan.dokument.status.as_ref()?;
        if draft || status.value != Status::Beslutad {
            return None;
        }
        let beslut = plan.beslut.as_ref().map(|b| &b.value);
        let organ = beslut.and_then(|b| b.organ.clone());
        let datum = beslut.and_then(|b| b.datum);
        let paragraf = beslut.and_then(|b| b.paragraf.as_ref()).map(|p| p.value.trim().to_string());
        let dnr = beslut
            .and_then(|b| b.dnr.clone())
            .or_else(|| plan.dokument.dnr.as_ref().map(|t| t.value.clone()));
        let mut missing = Vec::new();
        for (name, absent) in [
            ("beslut.organ", organ.is_none()),
            ("beslut.datum", datum.is_none()),
            ("beslut.paragraf", paragraf.as_deref().is_none_or(str::is_empty)),
            ("beslut.dnr (or dokument.dnr)", dnr.is_none()),
        ] {
            if absent {
                missing.push(name);
            }
        }
        if !missing.is_empty() {
            self.problems.push(
                Problem::at(&self.loaded.file, &status.referenced, format!("an adopted plan must state its decision; missing: {}", missing.join(", ")))
                    .with_help("add them under `beslut:` (organ, datum, paragraf, dnr), or build a draft with `status: utkast` or --draft"),
            );
            return None;
        }
        let paragraf = paragraf.unwrap_or_default();
        // "45" and "§ 45" are both written "§ 45" on the cover.
        let paragraf = if paragraf.starts_with('§') { paragraf } else { format!("§ {paragraf}") };
        Some(Decision {
            organ: organ.unwrap_or_default(),
            datum: datum.map(format::date).unwrap_or_default(),
            datum_iso: datum.map(IsoDate::from).unwrap_or_default(),
            paragraf,
            dnr: dnr.unwrap_or_default(),
        })
    }
}
