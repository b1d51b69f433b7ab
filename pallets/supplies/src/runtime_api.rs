//! The runtime API through which clinics, auditors and regulators read the supplies ledger.

use crate::{Lot, LotId, LotRef, LotUse, ProductLot, Recall};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reads the supplies ledger: a lot traced to every specimen and procedure it touched, a
	/// clinic's lots expiring soon, and a lot's recall.
	pub trait SuppliesApi<AccountId> where AccountId: Codec {
		/// Every use of the lot on a specimen, at every member clinic that recorded it, in
		/// recording order: the clinic's lot record, the clinic, the specimen, the procedure
		/// and when. `lot` is one clinic's record (which names its lot) or a GTIN and lot
		/// number. At most `MaxUsesPerLot` entries; empty for an unknown lot.
		fn trace(lot: LotRef) -> Vec<LotUse<AccountId>>;

		/// The lots in `clinic`'s stock whose expiry falls within `within_days` days of the
		/// chain's current time (those already expired included), soonest first.
		fn expiring_lots(clinic: AccountId, within_days: u32) -> Vec<(LotId, Lot<AccountId>)>;

		/// The recall of the lot, if one was declared.
		fn recall(product: ProductLot) -> Option<Recall<AccountId>>;
	}
}
