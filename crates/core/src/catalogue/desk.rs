//! The catalogue as the desk offers it: search as you type, usual products, product pictures.

use super::search::{SearchIndex, SearchQuery};
use crate::error::Result;
use crate::{catalogue, Desk};
use restock_protocol::catalogue::Product;
use std::sync::Arc;

impl Desk {
    /// Search as you type: by code, barcode, name, brand or pinyin (`zhh` finds 中华).
    pub async fn search(&self, text: &str, limit: u32) -> Result<Vec<Product>> {
        self.find(SearchQuery { text: text.to_owned(), limit: limit.clamp(1, 1000), ..Default::default() }).await
    }

    /// Search with filters (category, brand, origin, price band) and a sort order.
    pub async fn find(&self, query: SearchQuery) -> Result<Vec<Product>> {
        let index = self.search_index().await?;
        Ok(index.search(&query))
    }

    /// Pins (or unpins) one of the customer's usual products: they come first in search.
    pub async fn set_usual_product(&self, product_code: &str, usual: bool) -> Result<()> {
        let c = self.connected().await?;
        let _one_at_a_time = self.pinning.lock().await;
        catalogue::set_usual(&self.pool, c.connection_id, product_code, usual).await?;
        // Flip the pin in the built index rather than rebuild it. An index being built meanwhile
        // holds the lock, so this waits for it and then applies the pin whether or not its build
        // read the pin from the store.
        if let Some((id, index)) = self.index.read().await.as_ref() {
            if *id == c.connection_id {
                index.set_usual(product_code, usual);
            }
        }
        Ok(())
    }

    pub(crate) async fn search_index(&self) -> Result<Arc<SearchIndex>> {
        let c = self.connected().await?;
        if let Some((id, index)) = self.index.read().await.as_ref() {
            if *id == c.connection_id {
                return Ok(index.clone());
            }
        }
        let mut slot = self.index.write().await;
        if let Some((_, index)) = slot.as_ref().filter(|(id, _)| *id == c.connection_id) {
            return Ok(index.clone()); // another caller built it while we waited
        }
        let index = Arc::new(catalogue::build_index(&self.pool, c.connection_id).await?);
        tracing::debug!(products = index.len(), "search index built");
        *slot = Some((c.connection_id, index.clone()));
        Ok(index)
    }

    /// A product's picture as a `data:` URL for the catalogue's tiles, kept in the local store by
    /// its hash so each picture crosses the network once. None when the product has none.
    pub async fn product_image(&self, product_code: &str) -> Result<Option<String>> {
        let c = self.connected().await?;
        let Some(product) = catalogue::by_codes(&self.pool, c.connection_id, &[product_code]).await?.remove(product_code) else {
            return Ok(None);
        };
        let Some(sha) = product.image else { return Ok(None) };
        if let Some(url) = catalogue::cached_image(&self.pool, &sha).await? {
            return Ok(Some(url));
        }
        let Some((content_type, bytes)) = c.client.product_image(&c.token, product_code).await? else { return Ok(None) };
        use base64::Engine;
        let url = format!("data:{content_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(&bytes));
        catalogue::cache_image(&self.pool, &sha, &url).await?;
        Ok(Some(url))
    }
}
