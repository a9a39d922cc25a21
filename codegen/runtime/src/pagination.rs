//! Streams across the pages of a list: [`Pages`] yields each page, [`Items`] each item.

// Only crates with a paginated operation have this module. The client builds `Pages` with a
// closure per operation that fetches one page from a cursor.

use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::{BoxFuture, Error, Response};

type Fetch<P> =
    Box<dyn FnMut(Option<String>) -> BoxFuture<'static, Result<Response<P>, Error>> + Send>;

/// The pages of a list, fetched one at a time as they are read: a
/// [`Stream`](futures_core::Stream) of `Result<Response<P>, Error>`, or read with
/// [`next_page`](Self::next_page) without any stream library.
///
/// Each page is one call, with the client's retries and timeouts. The stream ends after
/// the page without a next cursor, after a page whose next cursor was used before
/// (a server whose cursors go round in a loop, `a → b → a`, would never end it), and
/// after the first error.
pub struct Pages<P> {
    fetch: Fetch<P>,
    next_cursor: fn(&P) -> Option<String>,
    state: State<P>,
    /// Hashes of the cursors used: 8 bytes a page, however long the server's cursors.
    seen: HashSet<u64>,
    hasher: RandomState,
}

enum State<P> {
    Next(Option<String>),
    Fetching(BoxFuture<'static, Result<Response<P>, Error>>),
    Done,
}

impl<P> Pages<P> {
    pub(crate) fn new(
        first: Option<String>,
        fetch: impl FnMut(Option<String>) -> BoxFuture<'static, Result<Response<P>, Error>>
            + Send
            + 'static,
        next_cursor: fn(&P) -> Option<String>,
    ) -> Self {
        let hasher = RandomState::new();
        let seen = first.iter().map(|cursor| hasher.hash_one(cursor)).collect();
        Pages {
            fetch: Box::new(fetch),
            next_cursor,
            state: State::Next(first),
            seen,
            hasher,
        }
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Option<Result<Response<P>, Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Response<P>, Error>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Next(cursor) => {
                    let future = (self.fetch)(cursor);
                    self.state = State::Fetching(future);
                }
                State::Fetching(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.state = State::Fetching(future);
                        return Poll::Pending;
                    }
                    Poll::Ready(Ok(page)) => {
                        let (seen, hasher) = (&mut self.seen, &self.hasher);
                        let next = (self.next_cursor)(&page)
                            .filter(|c| !c.is_empty() && seen.insert(hasher.hash_one(c)));
                        if next.is_some() {
                            self.state = State::Next(next);
                        }
                        return Poll::Ready(Some(Ok(page)));
                    }
                    Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                },
            }
        }
    }
}

impl<P> Stream for Pages<P> {
    type Item = Result<Response<P>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<P> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Next(_) => "ready",
            State::Fetching(_) => "fetching",
            State::Done => "done",
        };
        f.debug_struct("Pages").field("state", &state).finish()
    }
}

/// The items of a list across all its pages, fetched a page at a time as they are read:
/// a [`Stream`](futures_core::Stream) of `Result<T, Error>`, or read with
/// [`next_item`](Self::next_item). It ends after the last item, or after the first error.
pub struct Items<T> {
    pages: Pin<Box<dyn Stream<Item = Result<Vec<T>, Error>> + Send>>,
    buffer: std::vec::IntoIter<T>,
}

struct PageItems<P, T> {
    pages: Pages<P>,
    items: fn(P) -> Vec<T>,
}

impl<P, T> Stream for PageItems<P, T> {
    type Item = Result<Vec<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let items = this.items;
        this.pages
            .poll_page(cx)
            .map(|page| page.map(|page| page.map(|page| items(page.into_body()))))
    }
}

impl<T: Send + 'static> Items<T> {
    pub(crate) fn new<P: Send + 'static>(pages: Pages<P>, items: fn(P) -> Vec<T>) -> Self {
        Items {
            pages: Box::pin(PageItems { pages, items }),
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<T> Items<T> {
    /// The next item, or `None` after the last one.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(items))) => self.buffer = items.into_iter(),
            }
        }
    }
}

/// Items are never pinned in place: the buffer only moves them out.
impl<T> Unpin for Items<T> {}
impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A page: its items and the cursor of the next one.
    type Page = (Vec<u32>, Option<String>);

    /// Pages served from `pages` by cursor (`None` for the first), recording the cursors asked for.
    fn pages(
        pages: Vec<(Option<&'static str>, Page)>,
        asked: Arc<Mutex<Vec<Option<String>>>>,
    ) -> Pages<Page> {
        Pages::new(
            None,
            move |cursor: Option<String>| {
                asked.lock().unwrap().push(cursor.clone());
                let page = pages
                    .iter()
                    .find(|(c, _)| c.map(str::to_string) == cursor)
                    .map(|(_, p)| p.clone());
                Box::pin(async move {
                    page.map(|p| Response::new(200, http::HeaderMap::new(), p))
                        .ok_or_else(|| Error::invalid_request("no such page"))
                })
            },
            |page: &Page| page.1.clone(),
        )
    }

    #[tokio::test]
    async fn items_run_across_pages_until_one_has_no_next_cursor() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let served = vec![
            (None, (vec![1, 2], Some("b".to_string()))),
            (Some("b"), (vec![3], None)),
        ];
        let mut items = Items::new(pages(served, asked.clone()), |page: Page| page.0);
        let mut seen = Vec::new();
        while let Some(item) = items.next_item().await {
            seen.push(item.unwrap());
        }
        assert_eq!(seen, [1, 2, 3]);
        assert_eq!(*asked.lock().unwrap(), [None, Some("b".to_string())]);
    }

    #[tokio::test]
    async fn cursors_that_go_round_end_the_stream() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let served = vec![
            (None, (vec![1], Some("a".to_string()))),
            (Some("a"), (vec![2], Some("b".to_string()))),
            (Some("b"), (vec![3], Some("a".to_string()))),
        ];
        let mut pages = pages(served, asked.clone());
        let mut count = 0;
        while let Some(page) = pages.next_page().await {
            page.unwrap();
            count += 1;
        }
        assert_eq!(count, 3);
        assert_eq!(asked.lock().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn the_first_error_ends_the_stream() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let served = vec![(None, (vec![1], Some("gone".to_string())))];
        let mut pages = pages(served, asked.clone());
        assert!(pages.next_page().await.unwrap().is_ok());
        assert!(pages.next_page().await.unwrap().is_err());
        assert!(pages.next_page().await.is_none());
        assert_eq!(asked.lock().unwrap().len(), 2);
    }
}
