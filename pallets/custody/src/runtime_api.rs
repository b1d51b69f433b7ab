//! The runtime API through which clinics and auditors read the custody ledger.

use crate::{ShipmentId, ShipmentState, SpecimenId, SpecimenView, StepRecord, WorklistEntry};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reads the custody ledger: a specimen and its history, a clinic's storage worklist, and
	/// shipments with whether they are overdue.
	///
	/// `Shipment` is the pallet's `Shipment<Runtime>` as stored.
	pub trait CustodyApi<AccountId, Shipment> where AccountId: Codec, Shipment: Codec {
		/// The specimen `specimen` as stored, with its standing with its storage consents at
		/// the chain's current time; `None` if there is no such specimen.
		fn specimen(specimen: SpecimenId) -> Option<SpecimenView<AccountId>>;

		/// Every step of the specimen's history, in order: what, who (the clinic and its
		/// witnesses), when, where (its location code) and under which storage consents. At
		/// most `MaxStepsPerSpecimen` steps; empty for an unknown specimen.
		fn history(specimen: SpecimenId) -> Vec<StepRecord<AccountId>>;

		/// The clinic's storage worklist at the chain's current time: every specimen in its
		/// custody whose storage consent expires within `within_days` days, has expired, was
		/// withdrawn (with when the cooling-off ends), or is not in effect; most urgent first.
		fn storage_worklist(clinic: AccountId, within_days: u32) -> Vec<WorklistEntry>;

		/// The shipment `shipment` with its state (in transit, overdue, received) at the chain's
		/// current time; `None` if there is no such shipment.
		fn shipment(shipment: ShipmentId) -> Option<(Shipment, ShipmentState)>;

		/// Every shipment not yet received that `clinic` sent or is to receive, with its state
		/// (in transit or overdue), in dispatch order.
		fn open_shipments(clinic: AccountId) -> Vec<(ShipmentId, Shipment, ShipmentState)>;
	}
}
