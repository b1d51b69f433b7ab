//! Unit tests: one behaviour each, every error with `assert_noop!`, every event checked.

use crate::{
	mock::*, Departure, DepartureReason, Error, Event, ExpiryDate, Gtin, Lot, LotHolder, LotId,
	LotNumber, LotRef, LotUse, LotUses, Lots, LotsOfProduct, NewLot, NextLotId, ProcedureKind,
	ProductLot, Recall, Recalls, StockOfClinic, UseCount, WeightInfo,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use ivf_primitives::SpecimenId;
use sp_runtime::DispatchError;

/// A culture medium (a valid GTIN-13, 4006381333931, padded to 14 digits).
const MEDIUM: Gtin = Gtin(*b"04006381333931");
/// A cryoprotectant (the valid GTIN-13 9780306406157).
const CRYOPROTECTANT: Gtin = Gtin(*b"09780306406157");
const NOTICE: [u8; 32] = [0x5e; 32];
/// 2025-12-31, the expiry date of the lots of the tests.
const END_OF_2025: ExpiryDate = ExpiryDate { year: 2025, month: 12, day: 31 };
/// 2026-01-01T00:00:00Z: from then on, a lot expiring on 2025-12-31 is expired.
const EXPIRED_FROM: u64 = 1_767_225_600_000;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn lot_number(text: &[u8]) -> LotNumber {
	BoundedVec::truncate_from(text.to_vec())
}

fn product(gtin: Gtin, lot: &[u8]) -> ProductLot {
	ProductLot { gtin, lot: lot_number(lot) }
}

/// Lot `LOT-117` of the culture medium.
fn medium_lot() -> ProductLot {
	product(MEDIUM, b"LOT-117")
}

fn new_lot(product: ProductLot, expiry: ExpiryDate) -> NewLot {
	NewLot {
		product,
		expiry,
		supplier: BoundedVec::truncate_from(b"5012345000004".to_vec()),
		quantity: 10,
		cold_chain: true,
	}
}

/// `clinic` records the arrival of `product`, expiring at the end of 2025; returns the record.
fn arrive(clinic: u64, product: ProductLot) -> LotId {
	let id = NextLotId::<Test>::get();
	assert_ok!(Supplies::record_arrival(signed(clinic), new_lot(product, END_OF_2025)));
	id
}

fn specimens(ids: &[SpecimenId]) -> BoundedVec<SpecimenId, frame_support::traits::ConstU32<3>> {
	BoundedVec::truncate_from(ids.to_vec())
}

/// `clinic` uses `lot` to culture `ids`.
fn culture(clinic: u64, lot: LotId, ids: &[SpecimenId]) {
	assert_ok!(Supplies::record_use(signed(clinic), lot, ProcedureKind::Culture, specimens(ids)));
}

fn lot(id: LotId) -> Lot<u64> {
	Lots::<Test>::get(id).expect("the lot exists")
}

// --- GS1 identifiers ---

#[test]
fn gtin_check_digit_is_verified() {
	assert!(MEDIUM.is_valid());
	assert!(CRYOPROTECTANT.is_valid());
	assert!(!Gtin(*b"04006381333932").is_valid());
	assert!(!Gtin(*b"0400638133393A").is_valid());
	assert!(!Gtin(*b"0400638133393 ").is_valid());
}

#[test]
fn expiry_date_ends_at_midnight_after_the_day() {
	assert_eq!(END_OF_2025.expires_at(), Some(EXPIRED_FROM));
	// Day 0 is the end of the month: 29 February in a leap year, up to 2024-03-01T00:00Z.
	assert_eq!(ExpiryDate { year: 2024, month: 2, day: 0 }.expires_at(), Some(1_709_251_200_000));
	assert_eq!(ExpiryDate { year: 2000, month: 1, day: 1 }.expires_at(), Some(946_771_200_000));
	for impossible in [
		ExpiryDate { year: 2025, month: 2, day: 29 },
		ExpiryDate { year: 2025, month: 4, day: 31 },
		ExpiryDate { year: 2025, month: 13, day: 1 },
		ExpiryDate { year: 2025, month: 0, day: 1 },
		ExpiryDate { year: 1999, month: 12, day: 31 },
		ExpiryDate { year: 2100, month: 1, day: 1 },
	] {
		assert_eq!(impossible.expires_at(), None, "{impossible:?}");
	}
}

// --- Arrival ---

#[test]
fn clinic_records_a_lots_arrival() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());

		assert_eq!(id, 0);
		assert_eq!(
			lot(id),
			Lot {
				clinic: GB_CLINIC,
				product: medium_lot(),
				expiry: END_OF_2025,
				expires_at: EXPIRED_FROM,
				supplier: BoundedVec::truncate_from(b"5012345000004".to_vec()),
				quantity: 10,
				cold_chain: true,
				arrived_at: START,
				departure: None,
			}
		);
		assert_eq!(
			LotsOfProduct::<Test>::get(medium_lot()).into_inner(),
			vec![LotHolder { lot: id, clinic: GB_CLINIC }]
		);
		assert!(StockOfClinic::<Test>::contains_key(GB_CLINIC, id));
		System::assert_last_event(
			Event::LotArrived {
				lot: id,
				clinic: GB_CLINIC,
				product: medium_lot(),
				expires_at: EXPIRED_FROM,
				quantity: 10,
				cold_chain: true,
			}
			.into(),
		);
	});
}

#[test]
fn every_clinics_records_of_a_lot_are_listed_together_up_to_the_bound() {
	run(|| {
		let first = arrive(GB_CLINIC, medium_lot());
		let second = arrive(FR_CLINIC, medium_lot());
		let third = arrive(GB_CLINIC, medium_lot());

		assert_eq!(
			LotsOfProduct::<Test>::get(medium_lot()).into_inner(),
			vec![
				LotHolder { lot: first, clinic: GB_CLINIC },
				LotHolder { lot: second, clinic: FR_CLINIC },
				LotHolder { lot: third, clinic: GB_CLINIC },
			]
		);
		assert_noop!(
			Supplies::record_arrival(signed(ES_CLINIC), new_lot(medium_lot(), END_OF_2025)),
			Error::<Test>::TooManyRecordsOfLot
		);
	});
}

#[test]
fn only_an_active_clinic_records_an_arrival() {
	run(|| {
		assert_noop!(
			Supplies::record_arrival(signed(STRANGER), new_lot(medium_lot(), END_OF_2025)),
			Error::<Test>::NotAnActiveClinic
		);
		suspend_clinic(GB_CLINIC);
		assert_noop!(
			Supplies::record_arrival(signed(GB_CLINIC), new_lot(medium_lot(), END_OF_2025)),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn malformed_lots_are_refused() {
	run(|| {
		let arrive = |lot| Supplies::record_arrival(signed(GB_CLINIC), lot);
		let bad_gtin = product(Gtin(*b"04006381333932"), b"LOT-117");
		assert_noop!(arrive(new_lot(bad_gtin, END_OF_2025)), Error::<Test>::InvalidGtin);
		for bad_lot in [&b""[..], b"LOT 117", b"LOT#117"] {
			assert_noop!(
				arrive(new_lot(product(MEDIUM, bad_lot), END_OF_2025)),
				Error::<Test>::InvalidLotNumber
			);
		}
		let no_such_day = ExpiryDate { year: 2025, month: 2, day: 30 };
		assert_noop!(arrive(new_lot(medium_lot(), no_such_day)), Error::<Test>::InvalidExpiryDate);
		let mut none = new_lot(medium_lot(), END_OF_2025);
		none.quantity = 0;
		assert_noop!(arrive(none), Error::<Test>::ZeroQuantity);
	});
}

#[test]
fn exhausted_lot_ids_are_refused() {
	run(|| {
		NextLotId::<Test>::put(u64::MAX);
		assert_noop!(
			Supplies::record_arrival(signed(GB_CLINIC), new_lot(medium_lot(), END_OF_2025)),
			Error::<Test>::LotIdsExhausted
		);
	});
}

// --- Use ---

#[test]
fn clinic_records_the_use_of_a_lot_on_its_specimens() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		hold_specimen(7, GB_CLINIC);
		hold_specimen(8, GB_CLINIC);
		set_now(START + DAY);

		culture(GB_CLINIC, id, &[7, 8]);

		let used = |specimen| LotUse {
			lot: id,
			clinic: GB_CLINIC,
			specimen,
			procedure: ProcedureKind::Culture,
			at: START + DAY,
		};
		assert_eq!(LotUses::<Test>::get(medium_lot(), 0), Some(used(7)));
		assert_eq!(LotUses::<Test>::get(medium_lot(), 1), Some(used(8)));
		assert_eq!(UseCount::<Test>::get(medium_lot()), 2);
		System::assert_last_event(
			Event::LotUsed {
				lot: id,
				clinic: GB_CLINIC,
				procedure: ProcedureKind::Culture,
				specimens: specimens(&[7, 8]),
			}
			.into(),
		);
	});
}

#[test]
fn use_of_an_expired_lot_is_refused() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		hold_specimen(7, GB_CLINIC);
		set_now(EXPIRED_FROM - 1);
		culture(GB_CLINIC, id, &[7]);

		set_now(EXPIRED_FROM);
		assert_noop!(
			Supplies::record_use(signed(GB_CLINIC), id, ProcedureKind::Culture, specimens(&[7])),
			Error::<Test>::LotExpired
		);
	});
}

#[test]
fn use_of_an_unknown_or_other_clinics_or_departed_lot_is_refused() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		hold_specimen(7, GB_CLINIC);
		hold_specimen(8, FR_CLINIC);
		let use_lot = |clinic, lot| {
			Supplies::record_use(signed(clinic), lot, ProcedureKind::Culture, specimens(&[7]))
		};
		assert_noop!(use_lot(STRANGER, id), Error::<Test>::NotAnActiveClinic);
		assert_noop!(use_lot(GB_CLINIC, id + 1), Error::<Test>::UnknownLot);
		assert_noop!(use_lot(FR_CLINIC, id), Error::<Test>::NotLotHolder);

		assert_ok!(Supplies::record_departure(signed(GB_CLINIC), id, DepartureReason::UsedUp));
		assert_noop!(use_lot(GB_CLINIC, id), Error::<Test>::LotNotInStock);
	});
}

#[test]
fn use_on_a_bad_list_of_specimens_is_refused() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		hold_specimen(7, GB_CLINIC);
		hold_specimen(8, FR_CLINIC);
		let use_on = |ids: &[SpecimenId]| {
			Supplies::record_use(signed(GB_CLINIC), id, ProcedureKind::Culture, specimens(ids))
		};
		assert_noop!(use_on(&[]), Error::<Test>::NoSpecimens);
		assert_noop!(use_on(&[7, 7]), Error::<Test>::DuplicateSpecimen);
		assert_noop!(use_on(&[7, 9]), Error::<Test>::UnknownSpecimen);
		assert_noop!(use_on(&[7, 8]), Error::<Test>::NotSpecimenCustodian);
	});
}

#[test]
fn uses_of_a_lot_are_bounded_across_clinics() {
	run(|| {
		let gb = arrive(GB_CLINIC, medium_lot());
		let fr = arrive(FR_CLINIC, medium_lot());
		for specimen in 0..5 {
			hold_specimen(specimen, if specimen < 3 { GB_CLINIC } else { FR_CLINIC });
		}
		culture(GB_CLINIC, gb, &[0, 1, 2]);
		culture(FR_CLINIC, fr, &[3, 4]);

		assert_noop!(
			Supplies::record_use(signed(GB_CLINIC), gb, ProcedureKind::Culture, specimens(&[0, 1])),
			Error::<Test>::TooManyUses
		);
		culture(GB_CLINIC, gb, &[0]);
		assert_eq!(UseCount::<Test>::get(medium_lot()), MAX_USES);
	});
}

// --- Departure ---

#[test]
fn clinic_records_a_lots_departure() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		set_now(START + DAY);

		assert_ok!(Supplies::record_departure(signed(GB_CLINIC), id, DepartureReason::Returned));

		assert_eq!(
			lot(id).departure,
			Some(Departure { reason: DepartureReason::Returned, at: START + DAY })
		);
		assert!(!StockOfClinic::<Test>::contains_key(GB_CLINIC, id));
		System::assert_last_event(
			Event::LotDeparted { lot: id, clinic: GB_CLINIC, reason: DepartureReason::Returned }
				.into(),
		);
		assert_noop!(
			Supplies::record_departure(signed(GB_CLINIC), id, DepartureReason::Discarded),
			Error::<Test>::LotNotInStock
		);
	});
}

#[test]
fn departure_as_expired_waits_for_the_expiry() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		let expire = || Supplies::record_departure(signed(GB_CLINIC), id, DepartureReason::Expired);
		set_now(EXPIRED_FROM - 1);
		assert_noop!(expire(), Error::<Test>::LotNotExpired);

		set_now(EXPIRED_FROM);
		assert_ok!(expire());
	});
}

#[test]
fn departure_of_an_unknown_or_other_clinics_lot_is_refused() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		let depart =
			|clinic, lot| Supplies::record_departure(signed(clinic), lot, DepartureReason::UsedUp);
		assert_noop!(depart(STRANGER, id), Error::<Test>::NotAnActiveClinic);
		assert_noop!(depart(GB_CLINIC, id + 1), Error::<Test>::UnknownLot);
		assert_noop!(depart(FR_CLINIC, id), Error::<Test>::NotLotHolder);
	});
}

// --- Recall ---

#[test]
fn recall_reaches_specimens_at_two_clinics() {
	run(|| {
		let gb = arrive(GB_CLINIC, medium_lot());
		let fr = arrive(FR_CLINIC, medium_lot());
		let other = arrive(GB_CLINIC, product(CRYOPROTECTANT, b"CP-9"));
		for (specimen, clinic) in [(1, GB_CLINIC), (2, GB_CLINIC), (3, FR_CLINIC), (4, GB_CLINIC)] {
			hold_specimen(specimen, clinic);
		}
		culture(GB_CLINIC, gb, &[1, 2]);
		culture(FR_CLINIC, fr, &[3]);
		culture(GB_CLINIC, other, &[4]);
		// Specimen 2 was cultured at the GB clinic, then shipped to the FR clinic.
		hold_specimen(2, FR_CLINIC);
		set_now(START + DAY);

		assert_ok!(Supplies::declare_recall(RuntimeOrigin::root(), medium_lot(), NOTICE));

		for specimen in [1, 2, 3] {
			assert_eq!(recall_flag(specimen), Some(NOTICE), "specimen {specimen}");
		}
		assert_eq!(recall_flag(4), None);
		assert_eq!(
			Recalls::<Test>::get(medium_lot()),
			Some(Recall {
				declared_by: None,
				notice: NOTICE,
				at: START + DAY,
				specimens_flagged: 3
			})
		);
		System::assert_last_event(
			Event::RecallDeclared {
				product: medium_lot(),
				declared_by: None,
				notice: NOTICE,
				uses: 3,
				specimens_flagged: 3,
			}
			.into(),
		);
		let traced: Vec<(u64, SpecimenId)> = Supplies::trace(LotRef::Product(medium_lot()))
			.iter()
			.map(|u| (u.clinic, u.specimen))
			.collect();
		assert_eq!(traced, vec![(GB_CLINIC, 1), (GB_CLINIC, 2), (FR_CLINIC, 3)]);
	});
}

#[test]
fn clinic_holding_a_lot_recalls_it_and_no_clinic_uses_it_again() {
	run(|| {
		let gb = arrive(GB_CLINIC, medium_lot());
		let fr = arrive(FR_CLINIC, medium_lot());
		hold_specimen(1, GB_CLINIC);
		hold_specimen(3, FR_CLINIC);

		assert_ok!(Supplies::declare_recall(signed(FR_CLINIC), medium_lot(), NOTICE));

		assert_eq!(Recalls::<Test>::get(medium_lot()).and_then(|r| r.declared_by), Some(FR_CLINIC));
		for (clinic, lot, specimen) in [(GB_CLINIC, gb, 1), (FR_CLINIC, fr, 3)] {
			assert_noop!(
				Supplies::record_use(
					signed(clinic),
					lot,
					ProcedureKind::Culture,
					specimens(&[specimen])
				),
				Error::<Test>::LotRecalled
			);
		}
		assert_noop!(
			Supplies::declare_recall(RuntimeOrigin::root(), medium_lot(), NOTICE),
			Error::<Test>::AlreadyRecalled
		);
	});
}

#[test]
fn recall_by_a_clinic_without_the_lot_or_of_an_unknown_lot_is_refused() {
	run(|| {
		arrive(GB_CLINIC, medium_lot());
		assert_noop!(
			Supplies::declare_recall(signed(FR_CLINIC), medium_lot(), NOTICE),
			Error::<Test>::NotLotHolder
		);
		assert_noop!(
			Supplies::declare_recall(signed(STRANGER), medium_lot(), NOTICE),
			Error::<Test>::NotAnActiveClinic
		);
		assert_noop!(
			Supplies::declare_recall(RuntimeOrigin::root(), product(MEDIUM, b"LOT-118"), NOTICE),
			Error::<Test>::UnknownProductLot
		);
		assert_noop!(
			Supplies::declare_recall(RuntimeOrigin::none(), medium_lot(), NOTICE),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn recall_flags_a_specimen_touched_twice_once_and_weighs_what_it_read() {
	run(|| {
		let id = arrive(GB_CLINIC, medium_lot());
		hold_specimen(1, GB_CLINIC);
		culture(GB_CLINIC, id, &[1]);
		assert_ok!(Supplies::record_use(
			signed(GB_CLINIC),
			id,
			ProcedureKind::Transfer,
			specimens(&[1])
		));

		let info = Supplies::declare_recall(RuntimeOrigin::root(), medium_lot(), NOTICE)
			.expect("the recall is declared");

		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::declare_recall(2)));
		assert_eq!(flagged_count(), 1);
		assert_eq!(Recalls::<Test>::get(medium_lot()).map(|r| r.specimens_flagged), Some(1));
	});
}

// --- Queries ---

#[test]
fn trace_by_a_record_is_the_trace_of_its_lot() {
	run(|| {
		let gb = arrive(GB_CLINIC, medium_lot());
		let fr = arrive(FR_CLINIC, medium_lot());
		hold_specimen(1, GB_CLINIC);
		hold_specimen(3, FR_CLINIC);
		culture(GB_CLINIC, gb, &[1]);
		culture(FR_CLINIC, fr, &[3]);

		let by_product = Supplies::trace(LotRef::Product(medium_lot()));
		assert_eq!(by_product.len(), 2);
		assert_eq!(Supplies::trace(LotRef::Record(fr)), by_product);
		assert!(Supplies::trace(LotRef::Record(fr + 1)).is_empty());
		assert!(Supplies::trace(LotRef::Product(product(MEDIUM, b"LOT-118"))).is_empty());
	});
}

#[test]
fn worklist_lists_a_clinics_lots_in_stock_expiring_within_n_days() {
	run(|| {
		let arrive_expiring = |clinic, lot: &[u8], expiry| {
			let id = NextLotId::<Test>::get();
			assert_ok!(Supplies::record_arrival(
				signed(clinic),
				new_lot(product(MEDIUM, lot), expiry)
			));
			id
		};
		let in_jan = arrive_expiring(GB_CLINIC, b"A", ExpiryDate { year: 2025, month: 1, day: 20 });
		let expired =
			arrive_expiring(GB_CLINIC, b"B", ExpiryDate { year: 2024, month: 12, day: 31 });
		let in_march =
			arrive_expiring(GB_CLINIC, b"C", ExpiryDate { year: 2025, month: 3, day: 0 });
		let used_up = arrive_expiring(GB_CLINIC, b"D", ExpiryDate { year: 2025, month: 1, day: 5 });
		assert_ok!(Supplies::record_departure(signed(GB_CLINIC), used_up, DepartureReason::UsedUp));
		arrive_expiring(FR_CLINIC, b"E", ExpiryDate { year: 2025, month: 1, day: 2 });

		let ids = |days| -> Vec<LotId> {
			Supplies::expiring_lots(&GB_CLINIC, days)
				.into_iter()
				.map(|(id, _)| id)
				.collect()
		};
		assert_eq!(ids(30), vec![expired, in_jan]);
		assert_eq!(ids(90), vec![expired, in_jan, in_march]);
		assert_eq!(ids(0), vec![expired]);
	});
}
