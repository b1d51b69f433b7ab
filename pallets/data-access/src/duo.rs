//! Data-use terms in the GA4GH Data Use Ontology (DUO), research purposes, and the DUOS
//! matching rules that decide whether terms can ever permit a purpose.
//!
//! Source of every rule here: `docs/domain.md`, "Data-use terms (GA4GH Data Use Ontology, DUO)",
//! which states the rules of the Broad Institute's DUOS service, version 2
//! (<https://github.com/DataBiosphere/consent-ontology/blob/develop/docs/Algorithms.md>).
//! [`check_request`] is the only place where they are encoded.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::{BoundedVec, Get},
	CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
pub use ivf_primitives::data_access::{DiseaseTerm, DuoRule, ResearchAim, ResearchPurpose};
use ivf_primitives::Jurisdiction;
use scale_info::TypeInfo;

/// The main permission of a dataset: exactly one per dataset (DUO).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DataUsePermission {
	/// `NRES`, DUO:0000004: no restriction on use.
	Nres,
	/// `GRU`, DUO:0000042: general research use.
	Gru,
	/// `HMB`, DUO:0000006: health, medical or biomedical research.
	Hmb,
	/// `DS`, DUO:0000007: research on the given disease only.
	Ds(DiseaseTerm),
	/// `POA`, DUO:0000011: population origins or ancestry research only.
	Poa,
}

/// A modifier of a dataset's main permission (DUO). A dataset carries any number of them,
/// each kind at most once, except `GS`, which may name several jurisdictions.
///
/// `NMDS`, `GSO`, `NPU`, `NCU` and `NPOA` restrict which purposes match (see
/// [`check_request`]). The others are obligations of a grant, not filters (docs/domain.md): they
/// are copied onto every grant as [`AccessGrant::obligations`](crate::AccessGrant), `TS`
/// caps the grant's expiry and `IRB` demands an ethics-approval hash in the request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DataUseModifier {
	/// `NMDS`, DUO:0000015: no methods development (no new algorithms or software), except
	/// within the disease of a matching `DS`.
	Nmds,
	/// `GSO`, DUO:0000016: genetic studies only.
	Gso,
	/// `NPU`, DUO:0000045: use by not-for-profit organisations only.
	Npu,
	/// `NCU`, DUO:0000046: non-commercial use only.
	Ncu,
	/// `NPOA`, DUO:0000044: no population origins or ancestry research.
	Npoa,
	/// `IRB`, DUO:0000021: ethics approval required; a request must carry the hash of the
	/// approval document.
	Irb,
	/// `GS`, DUO:0000022: geographical restriction; use only within this jurisdiction. Several
	/// `GS` modifiers name several permitted jurisdictions.
	Gs(Jurisdiction),
	/// `PUB`, DUO:0000019: results must be published.
	Pub,
	/// `COL`, DUO:0000020: collaboration with the dataset's investigators required.
	Col,
	/// `MOR`, DUO:0000024: no publication before this date (milliseconds since the Unix epoch).
	Mor(u64),
	/// `TS`, DUO:0000025: use limited to a time span; a grant lasts at most this many
	/// milliseconds.
	Ts(u64),
	/// `US`, DUO:0000026: use by named users only.
	Us,
	/// `PS`, DUO:0000027: use for a named project only.
	Ps,
	/// `IS`, DUO:0000028: use by a named institution only.
	Is,
	/// `RTN`, DUO:0000029: derived or enriched data must be returned to the data provider.
	Rtn,
}

impl DataUseModifier {
	/// The number of the modifier's DUO id (`15` for `NMDS`, DUO:0000015).
	pub fn duo_id(&self) -> u32 {
		match self {
			Self::Nmds => 15,
			Self::Gso => 16,
			Self::Npu => 45,
			Self::Ncu => 46,
			Self::Npoa => 44,
			Self::Irb => 21,
			Self::Gs(_) => 22,
			Self::Pub => 19,
			Self::Col => 20,
			Self::Mor(_) => 24,
			Self::Ts(_) => 25,
			Self::Us => 26,
			Self::Ps => 27,
			Self::Is => 28,
			Self::Rtn => 29,
		}
	}

	/// Whether the modifier is an obligation of the grant rather than a filter on purposes
	/// (docs/domain.md: "IRB, COL, PUB, RTN, TS, MOR, US/PS/IS and GS are obligations of the grant
	/// (expiry, embargo, required ethics approval), not filters").
	pub fn is_obligation(&self) -> bool {
		!matches!(self, Self::Nmds | Self::Gso | Self::Npu | Self::Ncu | Self::Npoa)
	}

	/// Whether honouring the modifier takes a person's judgement that the chain cannot make:
	/// named users, project or institution (`US`, `PS`, `IS`) and collaboration (`COL`).
	/// Requests on such a dataset always wait for the clinic, whatever its policy.
	pub fn needs_clinic_review(&self) -> bool {
		matches!(self, Self::Us | Self::Ps | Self::Is | Self::Col)
	}
}

/// Why a set of data-use terms is malformed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TermsDefect {
	/// A modifier kind appears twice (for `GS`: the same jurisdiction twice).
	DuplicateModifier,
	/// `TS` gives a time span of zero, which would make every grant expire at once.
	ZeroTimeSpan,
	/// A `GS` jurisdiction is not two upper-case ASCII letters.
	MalformedJurisdiction,
}

/// The data-use terms of a dataset: one main permission and its modifiers (DUO).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(S))]
#[codec(mel_bound(S: Get<u32>))]
pub struct DataUseTerms<S: Get<u32>> {
	/// The main permission.
	pub permission: DataUsePermission,
	/// The modifiers, each kind at most once (`GS` once per jurisdiction).
	pub modifiers: BoundedVec<DataUseModifier, S>,
}

impl<S: Get<u32>> DataUseTerms<S> {
	/// Whether the terms carry `modifier` (compared by value: `Gs(GB)` is not `Gs(FR)`).
	pub fn has(&self, modifier: DataUseModifier) -> bool {
		self.modifiers.contains(&modifier)
	}

	/// The longest grant `TS` allows, in milliseconds, if the terms carry `TS`.
	pub fn time_span(&self) -> Option<u64> {
		self.modifiers.iter().find_map(|m| match m {
			DataUseModifier::Ts(span) => Some(*span),
			_ => None,
		})
	}

	/// Whether a request must carry an ethics-approval hash (`IRB`).
	pub fn requires_ethics_approval(&self) -> bool {
		self.has(DataUseModifier::Irb)
	}

	/// Whether requests must wait for the clinic even under an automatic policy.
	pub fn needs_clinic_review(&self) -> bool {
		self.modifiers.iter().any(DataUseModifier::needs_clinic_review)
	}

	/// The modifiers that a grant under these terms carries as obligations.
	pub fn obligations(&self) -> BoundedVec<DataUseModifier, S> {
		let mut obligations = self.modifiers.clone();
		obligations.retain(DataUseModifier::is_obligation);
		obligations
	}

	/// Checks that every modifier kind appears once (`GS` once per jurisdiction), that `TS`
	/// is not zero and that every `GS` jurisdiction is well formed.
	pub fn check_well_formed(&self) -> Result<(), TermsDefect> {
		for (i, modifier) in self.modifiers.iter().enumerate() {
			match modifier {
				DataUseModifier::Ts(0) => return Err(TermsDefect::ZeroTimeSpan),
				DataUseModifier::Gs(j) if !j.is_well_formed() => {
					return Err(TermsDefect::MalformedJurisdiction)
				},
				_ => {},
			}
			let repeated = self.modifiers.iter().skip(i.saturating_add(1)).any(|other| {
				match (modifier, other) {
					(DataUseModifier::Gs(a), DataUseModifier::Gs(b)) => a == b,
					_ => modifier.duo_id() == other.duo_id(),
				}
			});
			if repeated {
				return Err(TermsDefect::DuplicateModifier);
			}
		}
		Ok(())
	}
}

/// Whether `terms` can ever permit `purpose`, by the DUOS (version 2) matching rules of
/// docs/domain.md; `Err` names the first rule that refuses it.
///
/// A request must satisfy every condition (docs/domain.md). The conditions, in the order they are
/// checked:
/// 1. the aim against the main permission:
///    - a disease-`X` study: `NRES`, `GRU`, `HMB` or `DS-X` ([`DuoRule::DiseaseNotCovered`]);
///    - methods development: any main permission ([`DuoRule::MethodsDevelopmentProhibited`]
///      comes from `NMDS` only, in step 2);
///    - ancestry research: `GRU`, as docs/domain.md and DUOS v2 say ("matches GRU only"), and
///      `NRES`, which DUO defines as no restriction and DUOS folds into general use. `POA`
///      is not listed by either source, so it does not match
///      ([`DuoRule::AncestryResearchNotCovered`]);
///    - general research: `NRES` or `GRU` ([`DuoRule::GeneralResearchNotCovered`]);
/// 2. `NMDS` refuses methods development unless the main permission is `DS-X` and the
///    development is within `X` ([`DuoRule::MethodsDevelopmentProhibited`]);
/// 3. `NPOA` refuses ancestry research ([`DuoRule::AncestryResearchProhibited`]);
/// 4. `GSO` refuses a study that is not genetic ([`DuoRule::GeneticStudiesOnly`]); DUOS v2
///    has no rule for it, so the request declares whether its study is genetic;
/// 5. `NPU` or `NCU` refuses a commercial purpose or requester
///    ([`DuoRule::CommercialUseProhibited`]).
///
/// `IRB`, `GS`, `PUB`, `COL`, `MOR`, `TS`, `US`, `PS`, `IS` and `RTN` never refuse here: they
/// are obligations of the grant.
pub fn check_request<S: Get<u32>>(
	terms: &DataUseTerms<S>,
	purpose: &ResearchPurpose,
) -> Result<(), DuoRule> {
	use DataUsePermission::*;
	match purpose.aim {
		ResearchAim::DiseaseStudy(disease) => match terms.permission {
			Nres | Gru | Hmb => {},
			Ds(covered) if covered == disease => {},
			Ds(_) | Poa => return Err(DuoRule::DiseaseNotCovered),
		},
		ResearchAim::MethodsDevelopment(within) => {
			if terms.has(DataUseModifier::Nmds) {
				let within_covered_disease =
					matches!((terms.permission, within), (Ds(covered), Some(d)) if covered == d);
				if !within_covered_disease {
					return Err(DuoRule::MethodsDevelopmentProhibited);
				}
			}
		},
		ResearchAim::AncestryResearch => {
			if !matches!(terms.permission, Nres | Gru) {
				return Err(DuoRule::AncestryResearchNotCovered);
			}
			if terms.has(DataUseModifier::Npoa) {
				return Err(DuoRule::AncestryResearchProhibited);
			}
		},
		ResearchAim::GeneralResearch => {
			if !matches!(terms.permission, Nres | Gru) {
				return Err(DuoRule::GeneralResearchNotCovered);
			}
		},
	}
	if !purpose.genetic && terms.has(DataUseModifier::Gso) {
		return Err(DuoRule::GeneticStudiesOnly);
	}
	if purpose.commercial && (terms.has(DataUseModifier::Npu) || terms.has(DataUseModifier::Ncu)) {
		return Err(DuoRule::CommercialUseProhibited);
	}
	Ok(())
}
