//! Actuals: imported fiscal years, the account mapping and the forecast figures.

use async_trait::async_trait;

use crate::sql::*;
use crate::*;

/// Actuals: imported fiscal years, the account mapping and the forecast figures.
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// Imports one fiscal year of bookkeeping, all or nothing: the same file again changes
    /// nothing; another file for the same year replaces the one before, and the audit log says
    /// so. `progress(done, total)` is called as the rows are written.
    async fn import_ledger(
        &self,
        actor: Actor,
        association: AssociationId,
        data: &LedgerData,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportOutcome>;
    /// The imports of an association, newest fiscal year first.
    async fn ledger_imports(&self, association: AssociationId) -> Result<Vec<LedgerImport>>;
    /// One fiscal year's import with its ledger: accounts and sums (its voucher rows are left
    /// out).
    async fn ledger(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Option<(LedgerImport, finsam_core::actuals::Ledger)>>;
    /// The costs per SIE object in one fiscal year (rows on accounts of classes 4–7).
    async fn object_costs(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Vec<crate::ledger::ObjectCost>>;
    /// The voucher rows of one account in one fiscal year, by date.
    async fn ledger_rows(
        &self,
        association: AssociationId,
        fiscal_year: i32,
        account: &str,
    ) -> Result<Vec<finsam_core::actuals::Row>>;
    /// One page of the voucher rows of one account in one fiscal year, by date, with the sum of
    /// all of them.
    async fn account_rows(
        &self,
        association: AssociationId,
        fiscal_year: i32,
        account: &str,
        page: PageRequest,
    ) -> Result<AccountRows>;
    /// The association's account mapping, if it has saved one.
    async fn mapping(&self, association: AssociationId) -> Result<Option<MappingData>>;
    /// Saves the account mapping, if nobody saved since `expected_row_version` (0: none yet).
    async fn save_mapping(
        &self,
        actor: Actor,
        association: AssociationId,
        expected_row_version: i64,
        chart: &str,
        rules: &str,
    ) -> Result<MappingData>;
    /// The ekonom's full-year forecast figures for a fiscal year: row key and öre.
    async fn forecast_adjustments(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Vec<(String, i64)>>;
    /// Replaces the forecast figures of a fiscal year.
    async fn save_forecast_adjustments(
        &self,
        actor: Actor,
        association: AssociationId,
        fiscal_year: i32,
        values: &[(String, i64)],
    ) -> Result<()>;
}

#[async_trait]
impl LedgerStore for SqlStore {
    async fn import_ledger(
        &self,
        actor: Actor,
        association: AssociationId,
        data: &crate::LedgerData,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<crate::ImportOutcome> {
        if let Some(r) = &self.reader {
            // On a SQLite file, a million rows go in through one prepared statement on a
            // direct connection: through sqlx each row's values cross to a worker thread.
            let run = || crate::lite::import(&r.path, actor, association, data, progress);
            return match tokio::runtime::Handle::current().runtime_flavor() {
                tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(run),
                _ => run(),
            };
        }
        if let Some(pg) = &self.pg {
            let mut tx = pg.begin().await?;
            let mut w = crate::ledger::SqlWriter::Postgres(&mut tx);
            let outcome = crate::ledger::import(&mut w, actor, association, data, progress).await?;
            tx.commit().await?;
            return Ok(outcome);
        }
        let mut tx = self.begin_write().await?;
        let mut w = crate::ledger::SqlWriter::Any(&mut tx);
        let outcome = crate::ledger::import(&mut w, actor, association, data, progress).await?;
        // An unchanged import wrote nothing; committing the empty transaction is harmless.
        tx.commit().await?;
        Ok(outcome)
    }

    async fn ledger_imports(&self, association: AssociationId) -> Result<Vec<crate::LedgerImport>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::imports(&mut conn, association).await
    }

    async fn ledger(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Option<(crate::LedgerImport, finsam_core::actuals::Ledger)>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::load(&mut conn, association, fiscal_year).await
    }

    async fn object_costs(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Vec<crate::ledger::ObjectCost>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::object_costs(&mut conn, association, fiscal_year).await
    }

    async fn ledger_rows(
        &self,
        association: AssociationId,
        fiscal_year: i32,
        account: &str,
    ) -> Result<Vec<finsam_core::actuals::Row>> {
        let mut conn = self.pool.acquire().await?;
        Ok(
            crate::ledger::rows(&mut conn, association, fiscal_year, account, None)
                .await?
                .0,
        )
    }

    async fn account_rows(
        &self,
        association: AssociationId,
        fiscal_year: i32,
        account: &str,
        page: PageRequest,
    ) -> Result<AccountRows> {
        let mut conn = self.pool.acquire().await?;
        let (items, total, sum) =
            crate::ledger::rows(&mut conn, association, fiscal_year, account, Some(page)).await?;
        Ok(AccountRows {
            page: Paged {
                items,
                total,
                request: page,
            },
            sum,
        })
    }

    async fn mapping(&self, association: AssociationId) -> Result<Option<crate::MappingData>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::mapping(&mut conn, association).await
    }

    async fn save_mapping(
        &self,
        actor: Actor,
        association: AssociationId,
        expected_row_version: i64,
        chart: &str,
        rules: &str,
    ) -> Result<crate::MappingData> {
        let mut tx = self.begin_write().await?;
        let m = crate::ledger::save_mapping(
            &mut tx,
            actor,
            association,
            expected_row_version,
            chart,
            rules,
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn forecast_adjustments(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Vec<(String, i64)>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::adjustments(&mut conn, association, fiscal_year).await
    }

    async fn save_forecast_adjustments(
        &self,
        actor: Actor,
        association: AssociationId,
        fiscal_year: i32,
        values: &[(String, i64)],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        crate::ledger::save_adjustments(&mut tx, actor, association, fiscal_year, values).await?;
        tx.commit().await?;
        Ok(())
    }
}
