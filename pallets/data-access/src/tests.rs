//! Unit tests: one per behaviour, every error with `assert_noop!`, every event checked.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, pallet_prelude::BoundedVec};
use ivf_primitives::{DocumentHash, Jurisdiction};
use sp_runtime::DispatchResult;

type E = Error<Test>;
use DataUseModifier as M;
use DataUsePermission as P;

const SCHEMA: [u8; 32] = [1; 32];
const ALGORITHM: [u8; 32] = [7; 32];
const OTHER_ALGORITHM: [u8; 32] = [8; 32];
const ETHICS: [u8; 32] = [9; 32];
const MANIFEST: [u8; 32] = [3; 32];
/// MONDO:0005047, infertility.
const INFERTILITY: DiseaseTerm = DiseaseTerm(5047);
/// MONDO:0008170, ovarian cancer.
const OVARIAN_CANCER: DiseaseTerm = DiseaseTerm(8170);
const BUDGET: Rho = 2 * privacy::UNIT;

fn terms(permission: DataUsePermission, modifiers: &[DataUseModifier]) -> TermsOf<Test> {
	DataUseTerms { permission, modifiers: BoundedVec::truncate_from(modifiers.to_vec()) }
}

fn purpose(aim: ResearchAim) -> ResearchPurpose {
	ResearchPurpose { aim, commercial: false, genetic: false }
}

/// Training a model on IVF outcomes: methods development within infertility.
fn training() -> ResearchPurpose {
	purpose(ResearchAim::MethodsDevelopment(Some(INFERTILITY)))
}

fn register(clinic: u64, terms: TermsOf<Test>, policy: AccessPolicy) -> DatasetId {
	let id = NextDatasetId::<Test>::get();
	assert_ok!(DataAccess::register_dataset(
		RuntimeOrigin::signed(clinic),
		SCHEMA,
		1_200,
		terms,
		BUDGET,
		policy,
		None
	));
	id
}

/// `clinic` registers a dataset of `rows` rows under `terms`, whose requests wait for it.
fn try_register(clinic: u64, rows: u32, terms: TermsOf<Test>) -> DispatchResult {
	DataAccess::register_dataset(
		RuntimeOrigin::signed(clinic),
		SCHEMA,
		rows,
		terms,
		BUDGET,
		AccessPolicy::ClinicDecides,
		None,
	)
}

/// A GRU dataset of the GB clinic whose requests wait for the clinic.
fn gru_dataset() -> DatasetId {
	register(CLINIC_GB, terms(P::Gru, &[]), AccessPolicy::ClinicDecides)
}

fn ask(researcher: u64, dataset: DatasetId, purpose: ResearchPurpose) -> RequestId {
	let id = NextRequestId::<Test>::get();
	assert_ok!(request_for(researcher, dataset, purpose, 30 * DAY, Some(ETHICS)));
	id
}

/// Runs `test` on a fresh chain where [`RESEARCHER`] asked to train on a GRU dataset of the UK
/// clinic (`ClinicDecides`): with the dataset and the pending request's id.
fn with_pending_request(test: impl FnOnce(DatasetId, RequestId)) {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		let id = ask(RESEARCHER, dataset, training());
		test(dataset, id)
	});
}

/// `researcher` asks to run [`ALGORITHM`] on `dataset` for `purpose` during `duration`.
fn request_for(
	researcher: u64,
	dataset: DatasetId,
	purpose: ResearchPurpose,
	duration: u64,
	ethics: Option<DocumentHash>,
) -> DispatchResult {
	DataAccess::request_access(
		RuntimeOrigin::signed(researcher),
		dataset,
		purpose,
		ALGORITHM,
		duration,
		ethics,
	)
}

/// `researcher` asks to train [`ALGORITHM`] on `dataset` for a day, with no ethics approval.
fn request(researcher: u64, dataset: DatasetId) -> DispatchResult {
	request_for(researcher, dataset, training(), DAY, None)
}

/// A live grant of `RESEARCHER` on a new GRU dataset for training; returns (dataset, grant).
fn live_grant() -> (DatasetId, GrantId) {
	let dataset = gru_dataset();
	let grant = ask(RESEARCHER, dataset, training());
	assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), grant));
	(dataset, grant)
}

/// The event of [`RESEARCHER`]'s request `request` to train [`ALGORITHM`] on `dataset` for
/// 30 days.
fn training_requested(request: RequestId, dataset: DatasetId) -> RuntimeEvent {
	let (researcher, purpose, algorithm) = (RESEARCHER, training(), ALGORITHM);
	Event::AccessRequested { request, dataset, researcher, purpose, algorithm, duration: 30 * DAY }
		.into()
}

/// The event of the grant `grant` to [`RESEARCHER`] to train [`ALGORITHM`] on `dataset`.
fn training_granted(
	grant: GrantId,
	dataset: DatasetId,
	expires_at: u64,
	obligations: Vec<DataUseModifier>,
	automatic: bool,
) -> RuntimeEvent {
	let (researcher, purpose, algorithm) = (RESEARCHER, training(), ALGORITHM);
	let obligations = BoundedVec::truncate_from(obligations);
	Event::AccessGranted {
		grant,
		dataset,
		researcher,
		algorithm,
		purpose,
		expires_at,
		obligations,
		automatic,
	}
	.into()
}

/// The event of the first use, at `at`, of [`RESEARCHER`]'s training grant `grant` on
/// `dataset`, for `reference`.
fn training_recorded(
	dataset: DatasetId,
	grant: GrantId,
	reference: UseReference,
	at: u64,
) -> RuntimeEvent {
	let (researcher, purpose, algorithm) = (RESEARCHER, training(), ALGORITHM);
	Event::AccessRecorded { dataset, seq: 0, grant, researcher, algorithm, purpose, reference, at }
		.into()
}

/// `researcher`'s use of `dataset` to train [`ALGORITHM`] for `reference`, checked and
/// recorded as the federated-learning pallet asks for it.
fn train_on(
	researcher: u64,
	dataset: DatasetId,
	reference: UseReference,
) -> Result<GrantId, AccessDenial> {
	<DataAccess as DatasetAccess<u64>>::check_and_record_use(
		&researcher,
		dataset,
		&ALGORITHM,
		&training(),
		reference,
	)
}

/// The GB clinic sets its `dataset`'s terms to `terms`, its requests waiting for it.
fn set_terms(dataset: DatasetId, terms: TermsOf<Test>) {
	assert_ok!(DataAccess::update_terms(
		RuntimeOrigin::signed(CLINIC_GB),
		dataset,
		terms,
		AccessPolicy::ClinicDecides
	));
}

fn decision(researcher: u64, dataset: DatasetId, purpose: ResearchPurpose) -> AccessDecision {
	DataAccess::access_decision(&researcher, dataset, &ALGORITHM, &purpose)
}

fn denied(reason: AccessDenial) -> AccessDecision {
	AccessDecision::Denied { reason }
}

// ---------------------------------------------------------------------------------------------
// The DUOS matching rules, table-driven.
// ---------------------------------------------------------------------------------------------

/// The expected outcome of one cell, written from docs/domain.md independently of `check_request`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell {
	/// Permitted.
	Pass,
	/// "A disease-X study matches GRU, HMB, or DS-X" (and NRES).
	Dis,
	/// "Methods development matches any dataset without NMDS (or NMDS with a matching DS)".
	Nmds,
	/// "Ancestry research matches GRU only" (and NRES).
	Anc,
	/// General research: NRES or GRU.
	Gen,
	/// "A commercial purpose or requester needs NPU and NCU both absent".
	Com,
	/// NPOA: no ancestry research.
	Npoa,
	/// GSO: genetic studies only.
	Gso,
}

use Cell::*;

/// Rows: NRES, GRU, HMB, DS(infertility), POA.
/// Columns: disease study of infertility, disease study of ovarian cancer, methods
/// development, methods development within infertility, ancestry research, general research.
type Table = [[Cell; 6]; 5];

/// No modifiers, commercial or not (no NPU/NCU, so the flag changes nothing).
const PLAIN: Table = [
	/* NRES   */ [Pass, Pass, Pass, Pass, Pass, Pass],
	/* GRU    */ [Pass, Pass, Pass, Pass, Pass, Pass],
	/* HMB    */ [Pass, Pass, Pass, Pass, Anc, Gen],
	/* DS-inf */ [Pass, Dis, Pass, Pass, Anc, Gen],
	/* POA    */ [Dis, Dis, Pass, Pass, Anc, Gen],
];

/// With NMDS.
const WITH_NMDS: Table = [
	/* NRES   */ [Pass, Pass, Nmds, Nmds, Pass, Pass],
	/* GRU    */ [Pass, Pass, Nmds, Nmds, Pass, Pass],
	/* HMB    */ [Pass, Pass, Nmds, Nmds, Anc, Gen],
	/* DS-inf */ [Pass, Dis, Nmds, Pass, Anc, Gen],
	/* POA    */ [Dis, Dis, Nmds, Nmds, Anc, Gen],
];

/// With NPOA.
const WITH_NPOA: Table = [
	/* NRES   */ [Pass, Pass, Pass, Pass, Npoa, Pass],
	/* GRU    */ [Pass, Pass, Pass, Pass, Npoa, Pass],
	/* HMB    */ [Pass, Pass, Pass, Pass, Anc, Gen],
	/* DS-inf */ [Pass, Dis, Pass, Pass, Anc, Gen],
	/* POA    */ [Dis, Dis, Pass, Pass, Anc, Gen],
];

/// With NPU or NCU, for a commercial purpose (non-commercial is `PLAIN`).
const COMMERCIAL_UNDER_NPU_OR_NCU: Table = [
	/* NRES   */ [Com, Com, Com, Com, Com, Com],
	/* GRU    */ [Com, Com, Com, Com, Com, Com],
	/* HMB    */ [Com, Com, Com, Com, Anc, Gen],
	/* DS-inf */ [Com, Dis, Com, Com, Anc, Gen],
	/* POA    */ [Dis, Dis, Com, Com, Anc, Gen],
];

/// With GSO, for a study that is not genetic (a genetic one is `PLAIN`).
const NOT_GENETIC_UNDER_GSO: Table = [
	/* NRES   */ [Gso, Gso, Gso, Gso, Gso, Gso],
	/* GRU    */ [Gso, Gso, Gso, Gso, Gso, Gso],
	/* HMB    */ [Gso, Gso, Gso, Gso, Anc, Gen],
	/* DS-inf */ [Gso, Dis, Gso, Gso, Anc, Gen],
	/* POA    */ [Dis, Dis, Gso, Gso, Anc, Gen],
];

const PERMISSIONS: [DataUsePermission; 5] = [P::Nres, P::Gru, P::Hmb, P::Ds(INFERTILITY), P::Poa];
const AIMS: [ResearchAim; 6] = [
	ResearchAim::DiseaseStudy(INFERTILITY),
	ResearchAim::DiseaseStudy(OVARIAN_CANCER),
	ResearchAim::MethodsDevelopment(None),
	ResearchAim::MethodsDevelopment(Some(INFERTILITY)),
	ResearchAim::AncestryResearch,
	ResearchAim::GeneralResearch,
];

fn outcome(result: Result<(), DuoRule>) -> Cell {
	match result {
		Result::Ok(()) => Pass,
		Err(DuoRule::DiseaseNotCovered) => Dis,
		Err(DuoRule::MethodsDevelopmentProhibited) => Nmds,
		Err(DuoRule::AncestryResearchNotCovered) => Anc,
		Err(DuoRule::GeneralResearchNotCovered) => Gen,
		Err(DuoRule::CommercialUseProhibited) => Com,
		Err(DuoRule::AncestryResearchProhibited) => Npoa,
		Err(DuoRule::GeneticStudiesOnly) => Gso,
	}
}

/// Checks every main permission × purpose × commercial flag under `modifiers` (and a study
/// that is `genetic` or not) against `expected(commercial)`.
fn check_table(modifiers: &[DataUseModifier], genetic: bool, expected: impl Fn(bool) -> Table) {
	for commercial in [false, true] {
		let table = expected(commercial);
		for (row, permission) in PERMISSIONS.iter().enumerate() {
			for (column, aim) in AIMS.iter().enumerate() {
				let purpose = ResearchPurpose { aim: *aim, commercial, genetic };
				let got = outcome(check_request(&terms(*permission, modifiers), &purpose));
				assert_eq!(
					got, table[row][column],
					"{permission:?} + {modifiers:?}, {aim:?}, commercial: {commercial}, genetic: {genetic}"
				);
			}
		}
	}
}

#[test]
fn duos_rules_match_domain_table_without_modifiers() {
	check_table(&[], false, |_| PLAIN);
}

#[test]
fn duos_rules_match_domain_table_with_nmds() {
	check_table(&[M::Nmds], false, |_| WITH_NMDS);
}

#[test]
fn duos_rules_match_domain_table_with_npoa() {
	check_table(&[M::Npoa], false, |_| WITH_NPOA);
}

#[test]
fn duos_rules_match_domain_table_with_npu_or_ncu() {
	let table = |commercial| if commercial { COMMERCIAL_UNDER_NPU_OR_NCU } else { PLAIN };
	check_table(&[M::Npu], false, table);
	check_table(&[M::Ncu], false, table);
	check_table(&[M::Npu, M::Ncu], false, table);
}

#[test]
fn duos_rules_match_domain_table_with_gso() {
	check_table(&[M::Gso], false, |_| NOT_GENETIC_UNDER_GSO);
	check_table(&[M::Gso], true, |_| PLAIN);
}

#[test]
fn obligations_never_refuse_a_purpose() {
	let obligations = [
		M::Irb,
		M::Gs(Jurisdiction(*b"GB")),
		M::Pub,
		M::Col,
		M::Mor(START),
		M::Ts(DAY),
		M::Us,
		M::Ps,
		M::Is,
		M::Rtn,
	];
	check_table(&obligations, false, |_| PLAIN);
	assert!(obligations.iter().all(DataUseModifier::is_obligation));
	assert!(![M::Nmds, M::Gso, M::Npu, M::Ncu, M::Npoa]
		.iter()
		.any(DataUseModifier::is_obligation));
}

#[test]
fn modifiers_carry_their_duo_ids() {
	let ids: Vec<u32> = [
		M::Nmds,
		M::Gso,
		M::Npu,
		M::Ncu,
		M::Npoa,
		M::Irb,
		M::Gs(Jurisdiction(*b"GB")),
		M::Pub,
		M::Col,
		M::Mor(0),
		M::Ts(1),
		M::Us,
		M::Ps,
		M::Is,
		M::Rtn,
	]
	.iter()
	.map(DataUseModifier::duo_id)
	.collect();
	assert_eq!(ids, vec![15, 16, 45, 46, 44, 21, 22, 19, 20, 24, 25, 26, 27, 28, 29]);
}

// ---------------------------------------------------------------------------------------------
// Privacy budget.
// ---------------------------------------------------------------------------------------------

#[test]
fn epsilon_follows_bun_steinke_conversion_rounded_up() {
	// Never below the true value, at most a few millionths above it.
	// rho = 1, delta = 1e-6: epsilon = 1 + 2 * sqrt(ln 1e6) = 8.4338443777...
	let epsilon = privacy::epsilon_for(privacy::UNIT, 6);
	assert!((8_433_845..=8_433_848).contains(&epsilon), "{epsilon}");
	// rho = 0.5, delta = 1e-5: 0.5 + 2 * sqrt(0.5 * ln 1e5) = 5.2985259121...
	let epsilon = privacy::epsilon_for(privacy::UNIT / 2, 5);
	assert!((5_298_526..=5_298_529).contains(&epsilon), "{epsilon}");
	assert_eq!(privacy::epsilon_for(0, 6), 0);
	// delta = 1: epsilon = rho.
	assert_eq!(privacy::epsilon_for(123, 0), 123);
	assert_eq!(privacy::epsilon_for(u64::MAX, 18), u64::MAX);
}

#[test]
fn privacy_budget_adds_charges_and_refuses_overdraw_whole() {
	let mut budget = PrivacyBudget::new(10);
	assert_eq!(budget.charge(4), Result::Ok(6));
	assert_eq!(budget.charge(6), Result::Ok(0));
	assert_eq!(budget.charge(1), Err(0));
	assert_eq!(budget, PrivacyBudget { total: 10, spent: 10 });
}

// ---------------------------------------------------------------------------------------------
// Datasets.
// ---------------------------------------------------------------------------------------------

#[test]
fn clinic_registers_dataset_in_its_jurisdiction() {
	new_test_ext().execute_with(|| {
		let t = terms(P::Ds(INFERTILITY), &[M::Irb, M::Pub]);
		let id = register(CLINIC_FR, t.clone(), AccessPolicy::AutoGrantMatching);
		assert_eq!(id, 0);
		System::assert_last_event(
			Event::DatasetRegistered {
				dataset: 0,
				clinic: CLINIC_FR,
				jurisdiction: Jurisdiction(*b"FR"),
				schema_hash: SCHEMA,
				record_count: 1_200,
				terms: t.clone(),
				policy: AccessPolicy::AutoGrantMatching,
				privacy_budget: BUDGET,
				privacy_policy: PrivacyPolicy::default(),
			}
			.into(),
		);
		let stored = Datasets::<Test>::get(0).unwrap();
		assert_eq!(stored.clinic, CLINIC_FR);
		assert_eq!(stored.jurisdiction, Jurisdiction(*b"FR"));
		assert_eq!(stored.terms, t);
		assert_eq!(stored.privacy_budget, PrivacyBudget { total: BUDGET, spent: 0 });
		assert_eq!(stored.status, DatasetStatus::Active);
		assert_eq!(stored.registered_at, START);
		assert_eq!(gru_dataset(), 1);
	});
}

#[test]
fn only_active_clinic_registers_dataset() {
	new_test_ext().execute_with(|| {
		for caller in [RESEARCHER, AUDITOR, OUTSIDER] {
			assert_noop!(try_register(caller, 1, terms(P::Gru, &[])), E::NotAnActiveClinic);
		}
		MockMembership::remove(&CLINIC_GB);
		assert_noop!(try_register(CLINIC_GB, 1, terms(P::Gru, &[])), E::NotAnActiveClinic);
	});
}

#[test]
fn empty_dataset_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(try_register(CLINIC_GB, 0, terms(P::Gru, &[])), E::EmptyDataset);
	});
}

#[test]
fn malformed_terms_are_refused() {
	new_test_ext().execute_with(|| {
		let cases = [
			(terms(P::Gru, &[M::Pub, M::Pub]), E::DuplicateModifier),
			(terms(P::Gru, &[M::Ts(DAY), M::Ts(2 * DAY)]), E::DuplicateModifier),
			(
				terms(P::Gru, &[M::Gs(Jurisdiction(*b"GB")), M::Gs(Jurisdiction(*b"GB"))]),
				E::DuplicateModifier,
			),
			(terms(P::Gru, &[M::Ts(0)]), E::ZeroTimeSpan),
			(terms(P::Gru, &[M::Gs(Jurisdiction(*b"gb"))]), E::MalformedJurisdiction),
		];
		for (t, error) in cases {
			assert_noop!(try_register(CLINIC_GB, 1, t), error);
		}
		// GS may name several jurisdictions.
		register(
			CLINIC_GB,
			terms(P::Gru, &[M::Gs(Jurisdiction(*b"GB")), M::Gs(Jurisdiction(*b"FR"))]),
			AccessPolicy::ClinicDecides,
		);
	});
}

#[test]
fn dataset_ids_never_wrap() {
	new_test_ext().execute_with(|| {
		NextDatasetId::<Test>::put(u32::MAX);
		assert_noop!(try_register(CLINIC_GB, 1, terms(P::Gru, &[])), E::IdsExhausted);
	});
}

#[test]
fn clinic_updates_terms_and_policy_of_its_dataset() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		let t = terms(P::Hmb, &[M::Ncu]);
		assert_ok!(DataAccess::update_terms(
			RuntimeOrigin::signed(CLINIC_GB),
			id,
			t.clone(),
			AccessPolicy::AutoGrantMatching
		));
		System::assert_last_event(
			Event::TermsUpdated {
				dataset: id,
				terms: t.clone(),
				policy: AccessPolicy::AutoGrantMatching,
			}
			.into(),
		);
		let stored = Datasets::<Test>::get(id).unwrap();
		assert_eq!((stored.terms, stored.policy), (t, AccessPolicy::AutoGrantMatching));
	});
}

#[test]
fn only_own_clinic_updates_terms_of_active_dataset() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		let t = || terms(P::Hmb, &[]);
		let policy = AccessPolicy::ClinicDecides;
		assert_noop!(
			DataAccess::update_terms(RuntimeOrigin::signed(RESEARCHER), id, t(), policy),
			E::NotAnActiveClinic
		);
		assert_noop!(
			DataAccess::update_terms(RuntimeOrigin::signed(CLINIC_FR), id, t(), policy),
			E::NotDatasetClinic
		);
		assert_noop!(
			DataAccess::update_terms(RuntimeOrigin::signed(CLINIC_GB), 42, t(), policy),
			E::UnknownDataset
		);
		assert_noop!(
			DataAccess::update_terms(
				RuntimeOrigin::signed(CLINIC_GB),
				id,
				terms(P::Gru, &[M::Ts(0)]),
				policy
			),
			E::ZeroTimeSpan
		);
		assert_ok!(DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), id));
		assert_noop!(
			DataAccess::update_terms(RuntimeOrigin::signed(CLINIC_GB), id, t(), policy),
			E::DatasetRetired
		);
	});
}

#[test]
fn clinic_retires_its_dataset() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		set_now(START + DAY);
		assert_ok!(DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), id));
		System::assert_last_event(Event::DatasetRetired { dataset: id, at: START + DAY }.into());
		assert_eq!(
			Datasets::<Test>::get(id).unwrap().status,
			DatasetStatus::Retired { at: START + DAY }
		);
	});
}

#[test]
fn only_own_clinic_retires_an_active_dataset() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		assert_noop!(
			DataAccess::retire_dataset(RuntimeOrigin::signed(RESEARCHER), id),
			E::NotAnActiveClinic
		);
		assert_noop!(
			DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_FR), id),
			E::NotDatasetClinic
		);
		assert_noop!(
			DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), 42),
			E::UnknownDataset
		);
		assert_ok!(DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), id));
		assert_noop!(
			DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), id),
			E::DatasetRetired
		);
	});
}

#[test]
fn retired_dataset_grants_nothing_new_but_keeps_existing_grants() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		let waiting = ask(OTHER_RESEARCHER, dataset, training());
		assert_ok!(DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), dataset));
		assert_noop!(request(RESEARCHER, dataset), E::DatasetRetired);
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), waiting),
			E::DatasetRetired
		);
		assert_ok!(DataAccess::reject_request(
			RuntimeOrigin::signed(CLINIC_GB),
			waiting,
			ReasonCode::DatasetWithdrawn
		));
		assert_ok!(DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST));
	});
}

// ---------------------------------------------------------------------------------------------
// Requests.
// ---------------------------------------------------------------------------------------------

#[test]
fn request_waits_for_clinic_that_decides() {
	with_pending_request(|dataset, id| {
		System::assert_last_event(training_requested(id, dataset));
		let stored = Requests::<Test>::get(id).unwrap();
		assert_eq!(
			(stored.researcher, stored.clinic, stored.requested_at),
			(RESEARCHER, CLINIC_GB, START)
		);
		assert_eq!(PendingRequests::<Test>::get(dataset).into_inner(), vec![id]);
		assert!(Grants::<Test>::get(id).is_none());
	});
}

#[test]
fn matching_request_is_granted_at_once_under_automatic_policy() {
	new_test_ext().execute_with(|| {
		let dataset =
			register(CLINIC_GB, terms(P::Gru, &[M::Pub, M::Rtn]), AccessPolicy::AutoGrantMatching);
		let id = ask(RESEARCHER, dataset, training());
		System::assert_has_event(training_requested(id, dataset));
		System::assert_last_event(training_granted(
			id,
			dataset,
			START + 30 * DAY,
			vec![M::Pub, M::Rtn],
			true,
		));
		assert!(Requests::<Test>::get(id).is_none());
		assert!(PendingRequests::<Test>::get(dataset).is_empty());
		assert!(Grants::<Test>::get(id).unwrap().automatic);
		assert_eq!(ResearcherGrants::<Test>::get(RESEARCHER).into_inner(), vec![id]);
		assert_eq!(DatasetGrants::<Test>::get(dataset).into_inner(), vec![id]);
	});
}

#[test]
fn named_users_or_collaboration_wait_for_clinic_even_under_automatic_policy() {
	new_test_ext().execute_with(|| {
		for review in [M::Us, M::Ps, M::Is, M::Col] {
			let dataset =
				register(CLINIC_GB, terms(P::Gru, &[review]), AccessPolicy::AutoGrantMatching);
			let id = ask(RESEARCHER, dataset, training());
			assert!(Requests::<Test>::get(id).is_some(), "{review:?}");
			assert!(Grants::<Test>::get(id).is_none(), "{review:?}");
		}
	});
}

#[test]
fn only_active_researcher_requests_access() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		for caller in [CLINIC_GB, AUDITOR, OUTSIDER] {
			assert_noop!(request(caller, dataset), E::NotAnActiveResearcher);
		}
		MockMembership::remove(&RESEARCHER);
		assert_noop!(request(RESEARCHER, dataset), E::NotAnActiveResearcher);
	});
}

#[test]
fn request_needs_a_known_dataset_of_an_active_clinic() {
	new_test_ext().execute_with(|| {
		assert_noop!(request(RESEARCHER, 42), E::UnknownDataset);
		let dataset = gru_dataset();
		MockMembership::remove(&CLINIC_GB);
		assert_noop!(request(RESEARCHER, dataset), E::DatasetClinicInactive);
	});
}

#[test]
fn request_duration_must_be_positive_and_within_maximum() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		assert_noop!(request_for(RESEARCHER, dataset, training(), 0, None), E::ZeroDuration);
		assert_noop!(
			request_for(RESEARCHER, dataset, training(), 366 * DAY, None),
			E::DurationTooLong
		);
		assert_ok!(request_for(RESEARCHER, dataset, training(), 365 * DAY, None));
	});
}

#[test]
fn request_never_permitted_is_refused_with_the_rule_named() {
	new_test_ext().execute_with(|| {
		let commercial = ResearchPurpose { commercial: true, ..training() };
		let cases = [
			(
				terms(P::Ds(INFERTILITY), &[]),
				purpose(ResearchAim::DiseaseStudy(OVARIAN_CANCER)),
				E::DiseaseNotCovered,
			),
			(
				terms(P::Gru, &[M::Nmds]),
				purpose(ResearchAim::MethodsDevelopment(None)),
				E::MethodsDevelopmentProhibited,
			),
			(
				terms(P::Hmb, &[]),
				purpose(ResearchAim::AncestryResearch),
				E::AncestryResearchNotCovered,
			),
			(
				terms(P::Hmb, &[]),
				purpose(ResearchAim::GeneralResearch),
				E::GeneralResearchNotCovered,
			),
			(terms(P::Gru, &[M::Ncu]), commercial, E::CommercialUseProhibited),
			(terms(P::Gru, &[M::Npu]), commercial, E::CommercialUseProhibited),
			(
				terms(P::Gru, &[M::Npoa]),
				purpose(ResearchAim::AncestryResearch),
				E::AncestryResearchProhibited,
			),
			(terms(P::Gru, &[M::Gso]), training(), E::GeneticStudiesOnly),
		];
		for (t, p, error) in cases {
			let dataset = register(CLINIC_GB, t, AccessPolicy::AutoGrantMatching);
			assert_noop!(request_for(RESEARCHER, dataset, p, DAY, None), error);
		}
	});
}

#[test]
fn irb_terms_demand_an_ethics_approval_hash() {
	new_test_ext().execute_with(|| {
		let dataset =
			register(CLINIC_GB, terms(P::Gru, &[M::Irb]), AccessPolicy::AutoGrantMatching);
		assert_noop!(request(RESEARCHER, dataset), E::EthicsApprovalRequired);
		let id = ask(RESEARCHER, dataset, training());
		assert_eq!(Grants::<Test>::get(id).unwrap().ethics_approval, Some(ETHICS));
	});
}

#[test]
fn full_inbox_refuses_more_requests() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		for _ in 0..3 {
			ask(RESEARCHER, dataset, training());
		}
		assert_noop!(request(OTHER_RESEARCHER, dataset), E::TooManyPendingRequests);
	});
}

#[test]
fn request_ids_never_wrap() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		NextRequestId::<Test>::put(u32::MAX);
		assert_noop!(request(RESEARCHER, dataset), E::IdsExhausted);
	});
}

#[test]
fn automatic_grant_needs_room_in_both_grant_lists() {
	new_test_ext().execute_with(|| {
		// The researcher holds 4 grants (the most): a fifth is refused.
		for _ in 0..4 {
			let d = register(CLINIC_GB, terms(P::Gru, &[]), AccessPolicy::AutoGrantMatching);
			ask(RESEARCHER, d, training());
		}
		let d = register(CLINIC_GB, terms(P::Gru, &[]), AccessPolicy::AutoGrantMatching);
		assert_noop!(request(RESEARCHER, d), E::ResearcherGrantsFull);
		// The dataset holds 5 grants (the most): a sixth is refused.
		let shared = register(CLINIC_FR, terms(P::Gru, &[]), AccessPolicy::AutoGrantMatching);
		for researcher in 100..105 {
			MockMembership::admit(
				&researcher,
				ivf_primitives::RoleKind::Researcher,
				Jurisdiction(*b"GB"),
			);
			ask(researcher, shared, training());
		}
		assert_noop!(request(OTHER_RESEARCHER, shared), E::DatasetGrantsFull);
	});
}

#[test]
fn researcher_withdraws_pending_request() {
	with_pending_request(|dataset, id| {
		assert_ok!(DataAccess::withdraw_request(RuntimeOrigin::signed(RESEARCHER), id));
		System::assert_last_event(
			Event::RequestWithdrawn { request: id, dataset, researcher: RESEARCHER }.into(),
		);
		assert!(Requests::<Test>::get(id).is_none());
		assert!(!PendingRequests::<Test>::contains_key(dataset));
	});
}

#[test]
fn only_the_requester_withdraws_a_pending_request() {
	with_pending_request(|_, id| {
		assert_noop!(
			DataAccess::withdraw_request(RuntimeOrigin::signed(CLINIC_GB), id),
			E::NotAnActiveResearcher
		);
		assert_noop!(
			DataAccess::withdraw_request(RuntimeOrigin::signed(OTHER_RESEARCHER), id),
			E::NotRequester
		);
		assert_noop!(
			DataAccess::withdraw_request(RuntimeOrigin::signed(RESEARCHER), 42),
			E::UnknownRequest
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Decisions.
// ---------------------------------------------------------------------------------------------

#[test]
fn clinic_grants_pending_request_until_requested_expiry() {
	with_pending_request(|dataset, id| {
		set_now(START + DAY);
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id));
		System::assert_last_event(training_granted(id, dataset, START + 31 * DAY, vec![], false));
		let grant = Grants::<Test>::get(id).unwrap();
		assert_eq!(
			(grant.granted_at, grant.expires_at, grant.clinic),
			(START + DAY, START + 31 * DAY, CLINIC_GB)
		);
		assert_eq!(grant.state(START + 31 * DAY - 1), GrantState::Live);
		assert_eq!(grant.state(START + 31 * DAY), GrantState::Expired);
		assert!(Requests::<Test>::get(id).is_none());
		assert!(PendingRequests::<Test>::get(dataset).is_empty());
	});
}

#[test]
fn grant_expiry_is_capped_by_time_span_and_lists_obligations() {
	new_test_ext().execute_with(|| {
		let modifiers = [M::Ts(7 * DAY), M::Pub, M::Col, M::Rtn, M::Mor(START + 90 * DAY), M::Ncu];
		let dataset = register(CLINIC_GB, terms(P::Gru, &modifiers), AccessPolicy::ClinicDecides);
		let id = ask(RESEARCHER, dataset, training());
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id));
		let grant = Grants::<Test>::get(id).unwrap();
		assert_eq!(grant.expires_at, START + 7 * DAY);
		assert_eq!(
			grant.obligations.into_inner(),
			vec![M::Ts(7 * DAY), M::Pub, M::Col, M::Rtn, M::Mor(START + 90 * DAY)]
		);
	});
}

#[test]
fn only_the_dataset_clinic_grants_a_pending_request() {
	with_pending_request(|_, id| {
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(RESEARCHER), id),
			E::NotAnActiveClinic
		);
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_FR), id),
			E::NotDatasetClinic
		);
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), 42),
			E::UnknownRequest
		);
	});
}

#[test]
fn grant_refused_when_requester_is_no_longer_a_researcher() {
	with_pending_request(|_, id| {
		MockMembership::remove(&RESEARCHER);
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id),
			E::RequesterNotResearcher
		);
	});
}

#[test]
fn grant_checks_the_terms_in_force_when_granting() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		let id = ask(RESEARCHER, dataset, purpose(ResearchAim::MethodsDevelopment(None)));
		set_terms(dataset, terms(P::Gru, &[M::Nmds]));
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id),
			E::MethodsDevelopmentProhibited
		);

		let no_ethics = NextRequestId::<Test>::get();
		assert_ok!(request_for(
			OTHER_RESEARCHER,
			dataset,
			purpose(ResearchAim::GeneralResearch),
			DAY,
			None
		));
		set_terms(dataset, terms(P::Gru, &[M::Irb]));
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), no_ethics),
			E::EthicsApprovalRequired
		);
	});
}

#[test]
fn grant_needs_room_in_both_grant_lists() {
	with_pending_request(|dataset, id| {
		ResearcherGrants::<Test>::insert(
			RESEARCHER,
			BoundedVec::truncate_from(vec![90, 91, 92, 93]),
		);
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id),
			E::ResearcherGrantsFull
		);
		ResearcherGrants::<Test>::remove(RESEARCHER);
		DatasetGrants::<Test>::insert(dataset, BoundedVec::truncate_from(vec![90, 91, 92, 93, 94]));
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id),
			E::DatasetGrantsFull
		);
		// The stand-in grant ids list no grant: take them out so that the invariants hold.
		DatasetGrants::<Test>::remove(dataset);
	});
}

#[test]
fn grant_needs_room_in_its_use_list() {
	with_pending_request(|dataset, id| {
		GrantsByUse::<Test>::insert(
			(RESEARCHER, dataset, ALGORITHM),
			BoundedVec::truncate_from(vec![90, 91, 92, 93]),
		);
		assert_noop!(
			DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id),
			E::GrantsForUseFull
		);
		// The stand-in grant ids list no grant: take them out so that the invariants hold.
		GrantsByUse::<Test>::remove((RESEARCHER, dataset, ALGORITHM));
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), id));
		assert_eq!(GrantsByUse::<Test>::get((RESEARCHER, dataset, ALGORITHM)).to_vec(), vec![id]);
	});
}

#[test]
fn a_use_is_decided_on_its_own_grants_and_pruning_unlists_them() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		// Another algorithm on the same dataset: refused as not granted, not as no grant.
		let other = [0x0d; 32];
		assert_eq!(
			DataAccess::decide(&RESEARCHER, dataset, &other, &training(), DataAccess::now())
				.map(|(id, ..)| id),
			Err(AccessDenial::AlgorithmNotGranted)
		);
		assert_eq!(
			DataAccess::decide(&RESEARCHER, dataset, &ALGORITHM, &training(), DataAccess::now())
				.map(|(id, ..)| id),
			Ok(grant)
		);
		assert_ok!(DataAccess::revoke_grant(
			RuntimeOrigin::signed(CLINIC_GB),
			grant,
			ReasonCode::ScientificReview
		));
		assert_ok!(DataAccess::prune_grant(RuntimeOrigin::signed(CLINIC_GB), grant));
		assert!(!GrantsByUse::<Test>::contains_key((RESEARCHER, dataset, ALGORITHM)));
		assert_eq!(
			DataAccess::decide(&RESEARCHER, dataset, &ALGORITHM, &training(), DataAccess::now())
				.map(|(id, ..)| id),
			Err(AccessDenial::NoGrant)
		);
	});
}

#[test]
fn migration_to_v2_lists_every_grant_under_its_use() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let (dataset, first) = live_grant();
		let second = ask(RESEARCHER, dataset, purpose(ResearchAim::GeneralResearch));
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), second));
		// A chain at version 1 had no use index.
		let _ = GrantsByUse::<Test>::clear(u32::MAX, None);
		StorageVersion::new(1).put::<DataAccess>();
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(DataAccess::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(
			GrantsByUse::<Test>::get((RESEARCHER, dataset, ALGORITHM)).to_vec(),
			vec![first, second]
		);
	});
}

#[test]
fn clinic_rejects_request_with_a_reason() {
	with_pending_request(|dataset, id| {
		assert_ok!(DataAccess::reject_request(
			RuntimeOrigin::signed(CLINIC_GB),
			id,
			ReasonCode::ScientificReview
		));
		System::assert_last_event(
			Event::RequestRejected {
				request: id,
				dataset,
				researcher: RESEARCHER,
				reason: ReasonCode::ScientificReview,
			}
			.into(),
		);
		assert!(Requests::<Test>::get(id).is_none());
		assert!(Grants::<Test>::get(id).is_none());
		assert!(PendingRequests::<Test>::get(dataset).is_empty());
	});
}

#[test]
fn only_the_dataset_clinic_rejects_a_pending_request() {
	with_pending_request(|_, id| {
		let reason = ReasonCode::Other;
		assert_noop!(
			DataAccess::reject_request(RuntimeOrigin::signed(RESEARCHER), id, reason),
			E::NotAnActiveClinic
		);
		assert_noop!(
			DataAccess::reject_request(RuntimeOrigin::signed(CLINIC_FR), id, reason),
			E::NotDatasetClinic
		);
		assert_noop!(
			DataAccess::reject_request(RuntimeOrigin::signed(CLINIC_GB), 42, reason),
			E::UnknownRequest
		);
	});
}

#[test]
fn clinic_revokes_grant_and_it_permits_nothing() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		set_now(START + DAY);
		assert_ok!(DataAccess::revoke_grant(
			RuntimeOrigin::signed(CLINIC_GB),
			grant,
			ReasonCode::ConsentWithdrawn
		));
		System::assert_last_event(
			Event::GrantRevoked {
				grant,
				dataset,
				researcher: RESEARCHER,
				reason: ReasonCode::ConsentWithdrawn,
				at: START + DAY,
			}
			.into(),
		);
		assert_eq!(
			Grants::<Test>::get(grant).unwrap().revoked,
			Some(Revocation { at: START + DAY, reason: ReasonCode::ConsentWithdrawn })
		);
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST),
			E::GrantRevoked
		);
		assert_eq!(decision(RESEARCHER, dataset, training()), denied(AccessDenial::GrantRevoked));
		assert_eq!(
			train_on(RESEARCHER, dataset, UseReference::FederatedRound { task: 1, round: 1 }),
			Err(AccessDenial::GrantRevoked)
		);
	});
}

#[test]
fn only_the_dataset_clinic_revokes_a_grant_once() {
	new_test_ext().execute_with(|| {
		let (_, grant) = live_grant();
		let reason = ReasonCode::Other;
		assert_noop!(
			DataAccess::revoke_grant(RuntimeOrigin::signed(RESEARCHER), grant, reason),
			E::NotAnActiveClinic
		);
		assert_noop!(
			DataAccess::revoke_grant(RuntimeOrigin::signed(CLINIC_FR), grant, reason),
			E::NotDatasetClinic
		);
		assert_noop!(
			DataAccess::revoke_grant(RuntimeOrigin::signed(CLINIC_GB), 42, reason),
			E::UnknownGrant
		);
		assert_ok!(DataAccess::revoke_grant(RuntimeOrigin::signed(CLINIC_GB), grant, reason));
		assert_noop!(
			DataAccess::revoke_grant(RuntimeOrigin::signed(CLINIC_GB), grant, reason),
			E::GrantAlreadyRevoked
		);
	});
}

// ---------------------------------------------------------------------------------------------
// The access log.
// ---------------------------------------------------------------------------------------------

#[test]
fn grantee_records_an_analysis_run_in_the_access_log() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		System::set_block_number(5);
		set_now(START + 2 * DAY);
		assert_ok!(DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST));
		let reference = UseReference::Analysis { manifest: MANIFEST };
		System::assert_last_event(training_recorded(dataset, grant, reference, START + 2 * DAY));
		assert_eq!(
			AccessLog::<Test>::get(dataset, 0),
			Some(AccessLogEntry {
				grant,
				researcher: RESEARCHER,
				algorithm: ALGORITHM,
				purpose: training(),
				reference,
				at: START + 2 * DAY,
				block: 5,
			})
		);
		assert_eq!(Datasets::<Test>::get(dataset).unwrap().uses_recorded, 1);
		assert_eq!(Grants::<Test>::get(grant).unwrap().uses, 1);
	});
}

#[test]
fn only_the_grantee_records_a_use() {
	new_test_ext().execute_with(|| {
		let (_, grant) = live_grant();
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(CLINIC_GB), grant, MANIFEST),
			E::NotAnActiveResearcher
		);
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(OTHER_RESEARCHER), grant, MANIFEST),
			E::NotGrantee
		);
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), 42, MANIFEST),
			E::UnknownGrant
		);
	});
}

#[test]
fn expired_grant_permits_nothing() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		set_now(START + 30 * DAY);
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST),
			E::GrantExpired
		);
		assert_eq!(decision(RESEARCHER, dataset, training()), denied(AccessDenial::GrantExpired));
	});
}

#[test]
fn suspended_clinic_dataset_is_not_used() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		MockMembership::remove(&CLINIC_GB);
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST),
			E::DatasetClinicInactive
		);
		assert_eq!(
			decision(RESEARCHER, dataset, training()),
			denied(AccessDenial::DatasetClinicInactive)
		);
	});
}

#[test]
fn narrowed_terms_refuse_uses_of_existing_grants() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		set_terms(dataset, terms(P::Ds(OVARIAN_CANCER), &[M::Nmds]));
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST),
			E::MethodsDevelopmentProhibited
		);
		assert_eq!(
			decision(RESEARCHER, dataset, training()),
			denied(AccessDenial::TermsForbid(DuoRule::MethodsDevelopmentProhibited))
		);
	});
}

#[test]
fn added_irb_refuses_uses_of_grants_without_ethics_approval() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		let grant = NextRequestId::<Test>::get();
		assert_ok!(request(RESEARCHER, dataset));
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), grant));
		set_terms(dataset, terms(P::Gru, &[M::Irb]));
		assert_noop!(
			DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST),
			E::EthicsApprovalRequired
		);
		assert_eq!(
			decision(RESEARCHER, dataset, training()),
			denied(AccessDenial::EthicsApprovalMissing)
		);
	});
}

#[test]
fn access_log_keeps_the_latest_uses_and_counts_them_all() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		for run in 0..5u8 {
			set_now(START + u64::from(run));
			assert_ok!(DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, [run; 32]));
		}
		// MaxLogEntries = 3: uses 0 and 1 are pruned from state, 2..=4 are kept.
		assert!(AccessLog::<Test>::get(dataset, 0).is_none());
		assert!(AccessLog::<Test>::get(dataset, 1).is_none());
		let log = DataAccess::access_log(dataset).unwrap();
		assert_eq!(log.total_uses, 5);
		assert_eq!(log.records.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![2, 3, 4]);
		assert_eq!(
			log.records.iter().map(|r| (r.entry.researcher, r.entry.at)).collect::<Vec<_>>(),
			vec![(RESEARCHER, START + 2), (RESEARCHER, START + 3), (RESEARCHER, START + 4)]
		);
		assert_eq!(Grants::<Test>::get(grant).unwrap().uses, 5);
	});
}

// ---------------------------------------------------------------------------------------------
// Pruning grants.
// ---------------------------------------------------------------------------------------------

#[test]
fn either_party_prunes_a_dead_grant_making_room() {
	new_test_ext().execute_with(|| {
		let (dataset, revoked) = live_grant();
		let expiring = ask(RESEARCHER, dataset, purpose(ResearchAim::GeneralResearch));
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), expiring));
		assert_ok!(DataAccess::revoke_grant(
			RuntimeOrigin::signed(CLINIC_GB),
			revoked,
			ReasonCode::Other
		));

		assert_ok!(DataAccess::prune_grant(RuntimeOrigin::signed(CLINIC_GB), revoked));
		System::assert_last_event(
			Event::GrantPruned { grant: revoked, dataset, researcher: RESEARCHER }.into(),
		);
		assert!(Grants::<Test>::get(revoked).is_none());
		assert_eq!(ResearcherGrants::<Test>::get(RESEARCHER).into_inner(), vec![expiring]);
		assert_eq!(DatasetGrants::<Test>::get(dataset).into_inner(), vec![expiring]);

		set_now(START + 30 * DAY);
		assert_ok!(DataAccess::prune_grant(RuntimeOrigin::signed(RESEARCHER), expiring));
		System::assert_last_event(
			Event::GrantPruned { grant: expiring, dataset, researcher: RESEARCHER }.into(),
		);
		assert!(!ResearcherGrants::<Test>::contains_key(RESEARCHER));
		assert!(!DatasetGrants::<Test>::contains_key(dataset));
	});
}

#[test]
fn only_a_party_prunes_and_only_a_dead_grant() {
	new_test_ext().execute_with(|| {
		let (_, grant) = live_grant();
		assert_noop!(
			DataAccess::prune_grant(RuntimeOrigin::signed(RESEARCHER), 42),
			E::UnknownGrant
		);
		assert_noop!(
			DataAccess::prune_grant(RuntimeOrigin::signed(RESEARCHER), grant),
			E::GrantStillLive
		);
		assert_ok!(DataAccess::revoke_grant(
			RuntimeOrigin::signed(CLINIC_GB),
			grant,
			ReasonCode::Other
		));
		for caller in [CLINIC_FR, OTHER_RESEARCHER, AUDITOR] {
			assert_noop!(
				DataAccess::prune_grant(RuntimeOrigin::signed(caller), grant),
				E::NotGrantParty
			);
		}
		MockMembership::remove(&RESEARCHER);
		assert_noop!(
			DataAccess::prune_grant(RuntimeOrigin::signed(RESEARCHER), grant),
			E::NotGrantParty
		);
	});
}

// ---------------------------------------------------------------------------------------------
// For the federated-learning pallet.
// ---------------------------------------------------------------------------------------------

#[test]
fn federated_round_is_checked_and_recorded_under_the_matching_grant() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		let round = UseReference::FederatedRound { task: 3, round: 1 };
		assert_eq!(train_on(RESEARCHER, dataset, round), Result::Ok(grant));
		System::assert_last_event(training_recorded(dataset, grant, round, START));
		assert_eq!(AccessLog::<Test>::get(dataset, 0).unwrap().reference, round);
	});
}

#[test]
fn use_is_denied_with_the_most_specific_reason() {
	new_test_ext().execute_with(|| {
		let (dataset, _) = live_grant();
		let record = |researcher, dataset, algorithm, purpose| {
			<DataAccess as DatasetAccess<u64>>::check_and_record_use(
				&researcher,
				dataset,
				&algorithm,
				&purpose,
				UseReference::FederatedRound { task: 1, round: 1 },
			)
		};
		let general = purpose(ResearchAim::GeneralResearch);
		assert_eq!(
			record(CLINIC_GB, dataset, ALGORITHM, training()),
			Err(AccessDenial::NotAnActiveResearcher)
		);
		assert_eq!(
			record(RESEARCHER, 42, ALGORITHM, training()),
			Err(AccessDenial::UnknownDataset)
		);
		assert_eq!(
			record(OTHER_RESEARCHER, dataset, ALGORITHM, training()),
			Err(AccessDenial::NoGrant)
		);
		assert_eq!(
			record(RESEARCHER, dataset, OTHER_ALGORITHM, training()),
			Err(AccessDenial::AlgorithmNotGranted)
		);
		assert_eq!(
			record(RESEARCHER, dataset, ALGORITHM, general),
			Err(AccessDenial::PurposeNotGranted)
		);
		let hmb = register(CLINIC_GB, terms(P::Hmb, &[]), AccessPolicy::AutoGrantMatching);
		assert_eq!(
			record(RESEARCHER, hmb, ALGORITHM, general),
			Err(AccessDenial::TermsForbid(DuoRule::GeneralResearchNotCovered))
		);
		MockMembership::remove(&CLINIC_GB);
		assert_eq!(
			record(RESEARCHER, dataset, ALGORITHM, training()),
			Err(AccessDenial::DatasetClinicInactive)
		);
		// Nothing was recorded.
		assert_eq!(Datasets::<Test>::get(dataset).unwrap().uses_recorded, 0);
	});
}

#[test]
fn live_grant_and_dataset_clinic_are_reported() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		type Access = DataAccess;
		assert!(<Access as DatasetAccess<u64>>::has_live_grant(
			&RESEARCHER,
			dataset,
			&ALGORITHM,
			&training()
		));
		assert!(!<Access as DatasetAccess<u64>>::has_live_grant(
			&OTHER_RESEARCHER,
			dataset,
			&ALGORITHM,
			&training()
		));
		assert_eq!(
			<Access as DatasetAccess<u64>>::training_terms(dataset).map(|t| t.clinic),
			Some(CLINIC_GB)
		);
		assert_eq!(<Access as DatasetAccess<u64>>::training_terms(42), None);
		assert_ok!(DataAccess::revoke_grant(
			RuntimeOrigin::signed(CLINIC_GB),
			grant,
			ReasonCode::Other
		));
		assert!(!<Access as DatasetAccess<u64>>::has_live_grant(
			&RESEARCHER,
			dataset,
			&ALGORITHM,
			&training()
		));
		// has_live_grant records nothing.
		assert_eq!(Datasets::<Test>::get(dataset).unwrap().uses_recorded, 0);
	});
}

#[test]
fn privacy_budget_is_charged_by_addition_and_never_overdrawn() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		type Access = DataAccess;
		let quarter = BUDGET / 4;
		assert_eq!(
			<Access as DatasetAccess<u64>>::charge_privacy_budget(dataset, quarter),
			Result::Ok(3 * quarter)
		);
		System::assert_last_event(
			Event::PrivacyBudgetCharged {
				dataset,
				rho: quarter,
				spent: quarter,
				remaining: 3 * quarter,
			}
			.into(),
		);
		assert_eq!(
			<Access as DatasetAccess<u64>>::charge_privacy_budget(dataset, 2 * quarter),
			Result::Ok(quarter)
		);
		assert_eq!(
			<Access as DatasetAccess<u64>>::charge_privacy_budget(dataset, quarter + 1),
			Err(PrivacyBudgetError::Exhausted { remaining: quarter })
		);
		assert_eq!(
			<Access as DatasetAccess<u64>>::remaining_privacy_budget(dataset),
			Some(quarter)
		);
		assert_eq!(
			<Access as DatasetAccess<u64>>::charge_privacy_budget(42, 1),
			Err(PrivacyBudgetError::UnknownDataset)
		);
		assert_eq!(<Access as DatasetAccess<u64>>::remaining_privacy_budget(42), None);
	});
}

// ---------------------------------------------------------------------------------------------
// Runtime API answers.
// ---------------------------------------------------------------------------------------------

#[test]
fn dataset_view_shows_budget_as_epsilon_and_delta() {
	new_test_ext().execute_with(|| {
		let dataset = gru_dataset();
		assert_ok!(<DataAccess as DatasetAccess<u64>>::charge_privacy_budget(
			dataset,
			privacy::UNIT
		));
		let view = DataAccess::dataset_view(dataset).unwrap();
		assert_eq!(
			(view.clinic, view.jurisdiction, view.record_count),
			(CLINIC_GB, Jurisdiction(*b"GB"), 1_200)
		);
		assert_eq!(view.privacy.total_rho, BUDGET);
		assert_eq!(view.privacy.spent_rho, privacy::UNIT);
		assert_eq!(view.privacy.remaining_rho, BUDGET - privacy::UNIT);
		assert_eq!(view.privacy.delta_exponent, 6);
		assert_eq!(view.privacy.spent_epsilon, privacy::epsilon_for(privacy::UNIT, 6));
		assert_eq!(view.privacy.total_epsilon, privacy::epsilon_for(BUDGET, 6));
		assert!(DataAccess::dataset_view(42).is_none());
	});
}

#[test]
fn grants_are_listed_by_researcher_and_by_dataset_with_their_state() {
	new_test_ext().execute_with(|| {
		let (dataset, first) = live_grant();
		let second = ask(OTHER_RESEARCHER, dataset, training());
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), second));
		assert_ok!(DataAccess::revoke_grant(
			RuntimeOrigin::signed(CLINIC_GB),
			first,
			ReasonCode::Other
		));

		let mine = DataAccess::grants_of_researcher(&RESEARCHER);
		assert_eq!(
			mine.iter().map(|g| (g.id, g.state)).collect::<Vec<_>>(),
			vec![(first, GrantState::Revoked)]
		);
		let on_dataset = DataAccess::grants_on_dataset(dataset);
		assert_eq!(
			on_dataset.iter().map(|g| (g.id, g.researcher, g.state)).collect::<Vec<_>>(),
			vec![
				(first, RESEARCHER, GrantState::Revoked),
				(second, OTHER_RESEARCHER, GrantState::Live)
			]
		);
		assert!(DataAccess::grants_of_researcher(&AUDITOR).is_empty());
	});
}

#[test]
fn auditor_reads_who_touched_a_dataset_and_when_in_one_call() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		let other = ask(OTHER_RESEARCHER, dataset, training());
		assert_ok!(DataAccess::grant_access(RuntimeOrigin::signed(CLINIC_GB), other));
		set_now(START + 10);
		assert_ok!(DataAccess::record_use(RuntimeOrigin::signed(RESEARCHER), grant, MANIFEST));
		set_now(START + 20);
		assert_ok!(train_on(
			OTHER_RESEARCHER,
			dataset,
			UseReference::FederatedRound { task: 1, round: 0 }
		));
		let log = DataAccess::access_log(dataset).unwrap();
		assert_eq!(log.total_uses, 2);
		assert_eq!(
			log.records
				.iter()
				.map(|r| (r.seq, r.entry.researcher, r.entry.at, r.entry.grant))
				.collect::<Vec<_>>(),
			vec![(0, RESEARCHER, START + 10, grant), (1, OTHER_RESEARCHER, START + 20, other)]
		);
		assert!(DataAccess::access_log(42).is_none());
	});
}

#[test]
fn access_decision_permits_with_grant_expiry_and_remaining_budget() {
	new_test_ext().execute_with(|| {
		let (dataset, grant) = live_grant();
		assert_eq!(
			decision(RESEARCHER, dataset, training()),
			AccessDecision::Permitted {
				grant,
				expires_at: START + 30 * DAY,
				remaining_rho: BUDGET
			}
		);
		assert_eq!(decision(OTHER_RESEARCHER, dataset, training()), denied(AccessDenial::NoGrant));
		assert_eq!(
			decision(AUDITOR, dataset, training()),
			denied(AccessDenial::NotAnActiveResearcher)
		);
		assert_eq!(decision(RESEARCHER, 42, training()), denied(AccessDenial::UnknownDataset));
	});
}

#[test]
fn a_dataset_takes_the_default_privacy_policy_when_none_is_given() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		let record = Datasets::<Test>::get(id).unwrap();
		assert_eq!(record.privacy_policy, PrivacyPolicy::default());
		assert!(record.privacy_policy.dp_required);
		assert_eq!(record.privacy_policy.min_cohort, MIN_COHORT_FLOOR);
	});
}

#[test]
fn a_privacy_policy_below_the_cohort_floor_is_refused() {
	new_test_ext().execute_with(|| {
		let lax = PrivacyPolicy { min_cohort: MIN_COHORT_FLOOR - 1, ..Default::default() };
		assert_noop!(
			DataAccess::register_dataset(
				RuntimeOrigin::signed(CLINIC_GB),
				SCHEMA,
				1_200,
				terms(P::Gru, &[]),
				BUDGET,
				AccessPolicy::ClinicDecides,
				Some(lax)
			),
			E::CohortFloorBelowMinimum
		);
		let id = gru_dataset();
		assert_noop!(
			DataAccess::update_privacy_policy(RuntimeOrigin::signed(CLINIC_GB), id, lax),
			E::CohortFloorBelowMinimum
		);
	});
}

#[test]
fn a_privacy_policy_no_task_could_meet_is_refused() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		let silent = PrivacyPolicy { min_noise_multiplier_ppm: 0, ..Default::default() };
		assert_noop!(
			DataAccess::update_privacy_policy(RuntimeOrigin::signed(CLINIC_GB), id, silent),
			E::UnsatisfiablePrivacyPolicy
		);
		let unclipped = PrivacyPolicy { max_clip_norm_ppm: 0, ..Default::default() };
		assert_noop!(
			DataAccess::update_privacy_policy(RuntimeOrigin::signed(CLINIC_GB), id, unclipped),
			E::UnsatisfiablePrivacyPolicy
		);
	});
}

#[test]
fn only_the_dataset_clinic_changes_its_privacy_policy() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		let stricter = PrivacyPolicy { min_cohort: 100, ..Default::default() };
		assert_noop!(
			DataAccess::update_privacy_policy(RuntimeOrigin::signed(CLINIC_FR), id, stricter),
			E::NotDatasetClinic
		);
		assert_ok!(DataAccess::update_privacy_policy(
			RuntimeOrigin::signed(CLINIC_GB),
			id,
			stricter
		));
		System::assert_last_event(
			Event::PrivacyPolicyUpdated { dataset: id, privacy_policy: stricter }.into(),
		);
		assert_eq!(
			<DataAccess as DatasetAccess<u64>>::training_terms(id),
			Some(TrainingTerms {
				clinic: CLINIC_GB,
				record_count: 1_200,
				privacy_policy: stricter,
				secure_aggregation_required: false,
			})
		);
	});
}

#[test]
fn a_clinic_requires_secure_aggregation_of_its_own_active_dataset_only() {
	new_test_ext().execute_with(|| {
		let id = gru_dataset();
		assert_noop!(
			DataAccess::set_secure_aggregation_required(RuntimeOrigin::signed(CLINIC_FR), id, true),
			Error::<Test>::NotDatasetClinic
		);
		assert_ok!(DataAccess::set_secure_aggregation_required(
			RuntimeOrigin::signed(CLINIC_GB),
			id,
			true
		));
		System::assert_last_event(
			Event::SecureAggregationRequirementSet { dataset: id, required: true }.into(),
		);
		let terms = <DataAccess as DatasetAccess<u64>>::training_terms(id).unwrap();
		assert!(terms.secure_aggregation_required);
		assert!(DataAccess::dataset_view(id).unwrap().secure_aggregation_required);
		assert_ok!(DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), id));
		assert_noop!(
			DataAccess::set_secure_aggregation_required(
				RuntimeOrigin::signed(CLINIC_GB),
				id,
				false
			),
			Error::<Test>::DatasetRetired
		);
	});
}

/// Registers a GRU dataset of the GB clinic whose `schema_hash` is `schema`'s id.
fn dataset_with_schema_hash(schema: &DatasetSchema) -> DatasetId {
	let id = NextDatasetId::<Test>::get();
	assert_ok!(DataAccess::register_dataset(
		RuntimeOrigin::signed(CLINIC_GB),
		schema.id(),
		1_200,
		terms(P::Gru, &[]),
		BUDGET,
		AccessPolicy::ClinicDecides,
		None
	));
	id
}

/// A small study schema: one common column, one free one.
fn study_schema() -> DatasetSchema {
	use fl_core::schema::{Column, ColumnKind};
	let common = fl_core::schema::common_data_model();
	let age = common.into_iter().find(|c| c.name == "age").expect("age is a common field");
	DatasetSchema {
		columns: vec![
			age,
			Column { name: "smoker".into(), kind: ColumnKind::Boolean, missing_allowed: true },
		],
	}
}

#[test]
fn a_clinic_declares_the_schema_its_dataset_was_registered_with() {
	new_test_ext().execute_with(|| {
		let schema = study_schema();
		let id = dataset_with_schema_hash(&schema);
		assert_eq!(DataAccess::dataset_schema(id), None);
		assert_ok!(DataAccess::declare_schema(
			RuntimeOrigin::signed(CLINIC_GB),
			id,
			schema.clone()
		));
		System::assert_last_event(
			Event::SchemaDeclared { dataset: id, schema_id: schema.id(), columns: 2 }.into(),
		);
		assert_eq!(DataAccess::dataset_schema(id), Some(schema.clone()));
		assert_eq!(<DataAccess as DatasetAccess<u64>>::dataset_schema(id), Some(schema.clone()));
		// Declared once: a second declaration, even of the same schema, is refused.
		assert_noop!(
			DataAccess::declare_schema(RuntimeOrigin::signed(CLINIC_GB), id, schema),
			E::SchemaAlreadyDeclared
		);
	});
}

#[test]
fn only_the_datasets_own_active_clinic_declares_its_schema() {
	new_test_ext().execute_with(|| {
		let schema = study_schema();
		let id = dataset_with_schema_hash(&schema);
		let declare = |who: u64, dataset: DatasetId| {
			DataAccess::declare_schema(RuntimeOrigin::signed(who), dataset, schema.clone())
		};
		assert_noop!(declare(RESEARCHER, id), E::NotAnActiveClinic);
		assert_noop!(declare(CLINIC_FR, id), E::NotDatasetClinic);
		assert_noop!(declare(CLINIC_GB, id + 1), E::UnknownDataset);
		assert_ok!(DataAccess::retire_dataset(RuntimeOrigin::signed(CLINIC_GB), id));
		assert_noop!(declare(CLINIC_GB, id), E::DatasetRetired);
	});
}

#[test]
fn a_schema_other_than_the_registered_one_is_refused() {
	new_test_ext().execute_with(|| {
		let schema = study_schema();
		let id = dataset_with_schema_hash(&schema);
		let mut other = schema;
		other.columns[1].missing_allowed = false;
		assert_noop!(
			DataAccess::declare_schema(RuntimeOrigin::signed(CLINIC_GB), id, other),
			E::SchemaHashMismatch
		);
	});
}

#[test]
fn every_malformed_schema_is_refused_by_name() {
	use fl_core::schema::{Column, ColumnKind};
	new_test_ext().execute_with(|| {
		let column = |name: &str, kind: ColumnKind| Column {
			name: name.into(),
			kind,
			missing_allowed: false,
		};
		let numeric =
			|min_milli, max_milli| ColumnKind::Numeric { unit: "mg".into(), min_milli, max_milli };
		let levels = |names: &[&str]| ColumnKind::Categorical {
			levels: names.iter().map(|l| l.to_string()).collect(),
		};
		let cases: Vec<(Vec<Column>, E)> = vec![
			(vec![], E::SchemaHasNoColumns),
			(
				(0..65).map(|i| column(&format!("c{i}"), ColumnKind::Boolean)).collect(),
				E::SchemaHasTooManyColumns,
			),
			(vec![column("bad name", ColumnKind::Boolean)], E::SchemaColumnNameInvalid),
			(vec![column("patient_pseudonym", ColumnKind::Boolean)], E::SchemaColumnNameInvalid),
			(
				vec![column("dose", numeric(0, 1)), column("dose", numeric(0, 1))],
				E::SchemaColumnNameRepeated,
			),
			(vec![column("dose", numeric(5, 1))], E::SchemaNumericRangeInvalid),
			(vec![column("grade", levels(&["only"]))], E::SchemaLevelsInvalid),
			(vec![column("grade", levels(&["a", "a"]))], E::SchemaLevelsInvalid),
			(vec![column("age", numeric(0, 1_000))], E::SchemaNotCommonDefinition),
		];
		for (columns, error) in cases {
			let schema = DatasetSchema { columns };
			let id = dataset_with_schema_hash(&schema);
			assert_noop!(
				DataAccess::declare_schema(RuntimeOrigin::signed(CLINIC_GB), id, schema),
				error
			);
		}
		// Longer than the pallet stores: refused before it is even checked.
		let long = DatasetSchema {
			columns: (0..60)
				.map(|i| {
					let many: Vec<String> = (0..64).map(|l| format!("level_{i}_{l}")).collect();
					Column {
						name: format!("c{i}"),
						kind: ColumnKind::Categorical { levels: many },
						missing_allowed: false,
					}
				})
				.collect(),
		};
		let id = dataset_with_schema_hash(&long);
		assert_noop!(
			DataAccess::declare_schema(RuntimeOrigin::signed(CLINIC_GB), id, long),
			E::SchemaTooLong
		);
	});
}
