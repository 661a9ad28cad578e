//! The document as a whole: what the browser measures about the page rather than what it
//! shows (the static shell, layout shift, the policy, sideways scroll, cookies).

use serde_json::Value;

use super::Region;

/// WebDriver's key codes.
pub const TAB: &str = "\u{e004}";
pub const ENTER: &str = "\u{e007}";
pub const SPACE: &str = " ";
pub const ARROW_DOWN: &str = "\u{e015}";
pub const END: &str = "\u{e010}";

page_object! {
    /// The console's document.
    Document
}

impl<'a> Document<'a> {
    async fn eval(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("`{script}`: {e}"))
    }

    /// The app's heading (not the static shell's).
    pub async fn heading(&self) -> String {
        Region::new(self.client, "main:not(#shell) h1").text().await
    }

    /// The polite live region: what was last announced.
    pub fn announced(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=live]")
    }

    /// The announcement now (empty if none).
    pub async fn announced_now(&self) -> String {
        self.announced().text_now().await
    }

    /// Whether the static shell is hidden, and whether it said "Loading the console".
    pub async fn shell(&self) -> (bool, bool) {
        let shell = self
            .eval(
                "const s = document.getElementById('shell'); \
                 return [s.hidden, s.textContent.includes('Loading the console')]",
            )
            .await;
        (shell[0] == true, shell[1] == true)
    }

    /// The layout shift so far (the sum of its entries; 0 when nothing moved).
    pub async fn layout_shift(&self) -> f64 {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 new PerformanceObserver(l => done(l.getEntries().reduce((a, e) => a + e.value, 0))) \
                   .observe({type: 'layout-shift', buffered: true}); \
                 setTimeout(() => done(0), 500);",
                vec![],
            )
            .await
            .expect("the layout shift")
            .as_f64()
            .unwrap_or(f64::NAN)
    }

    /// The wasm's bytes as sent and as decoded.
    pub async fn wasm_transfer(&self) -> (f64, f64) {
        let wasm = self
            .eval(
                "const e = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm')); \
                 return [e.encodedBodySize, e.decodedBodySize]",
            )
            .await;
        (wasm[0].as_f64().unwrap_or(0.0), wasm[1].as_f64().unwrap_or(0.0))
    }

    /// How many requests this page has made whose address contains `part` (the browser's
    /// resource timings: every fetch is one).
    pub async fn requests_to(&self, part: &str) -> usize {
        self.initiators_of(part).await.len()
    }

    /// Who started each request whose address contains `part`, in order (the resource
    /// timings' `initiatorType`: `link` for the page's own `<link rel=preload>`, `fetch` for
    /// the console's code).
    pub async fn initiators_of(&self, part: &str) -> Vec<String> {
        let value = self
            .client
            .execute(
                "return performance.getEntriesByType('resource')\
                 .filter(r => r.name.includes(arguments[0])).map(r => r.initiatorType)",
                vec![part.into()],
            )
            .await
            .expect("the resource timings");
        value
            .as_array()
            .map(|all| all.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    /// Presses `key` (a character, or WebDriver's code for Tab, Enter, arrows…) where the
    /// keyboard focus is.
    pub async fn press(&self, key: &str) {
        self.client
            .active_element()
            .await
            .expect("the focused element")
            .send_keys(key)
            .await
            .expect("press the key");
    }

    /// Presses Tab until the element with id `id` holds the focus (at most `limit` times);
    /// how many Tabs it took.
    pub async fn tabs_to(&self, id: &str, limit: usize) -> usize {
        for tabs in 1..=limit {
            self.press(TAB).await;
            if self.focused().await == id {
                return tabs;
            }
        }
        panic!("{id} was not reached in {limit} Tabs; focus is on {:?}", self.focused().await);
    }

    /// The id of the element holding the keyboard focus.
    pub async fn focused(&self) -> String {
        self.eval("return document.activeElement.id").await.as_str().unwrap_or_default().to_string()
    }

    /// The Content-Security-Policy the page declares.
    pub async fn security_policy(&self) -> String {
        self.eval(
            "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// How many inline scripts the page holds.
    pub async fn inline_scripts(&self) -> i64 {
        self.eval("return document.querySelectorAll('script:not([src])').length")
            .await
            .as_i64()
            .unwrap_or(-1)
    }

    /// The page's background colour, as computed.
    pub async fn background(&self) -> String {
        self.eval("return getComputedStyle(document.documentElement).backgroundColor")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// How far the page scrolls sideways (0: not at all).
    pub async fn sideways_scroll(&self) -> i64 {
        self.eval("const e = document.documentElement; return e.scrollWidth - e.clientWidth")
            .await
            .as_i64()
            .expect("a width")
    }

    /// How much of the fleet table its box hides sideways (0: none).
    pub async fn fleet_clipped(&self) -> i64 {
        self.eval(
            "const t = document.querySelector('.fleet-scroll'); return t.scrollWidth - t.clientWidth",
        )
        .await
        .as_i64()
        .expect("a width")
    }

    /// How far the tables' rows on the page cut off what they hold, in pixels (0 or less:
    /// every field and button of every row drawn whole): the most any shown cell or button
    /// runs past its row's bottom — a card's fixed height included (the windowed tables fix
    /// their rows' height, and hide what overflows it).
    pub async fn rows_clipped(&self) -> i64 {
        self.eval(
            "let worst = -1; for (const r of document.querySelectorAll('tbody tr.row')) { const bottom = r.getBoundingClientRect().bottom; for (const c of r.querySelectorAll('td, button')) { if (c.getClientRects().length) worst = Math.max(worst, Math.ceil(c.getBoundingClientRect().bottom - bottom)) } } return worst",
        )
        .await
        .as_i64()
        .expect("a height")
    }

    /// How far the widest of the overview's tables runs past its box, in pixels (0 or
    /// less: every column in view).
    pub async fn overview_clipped(&self) -> i64 {
        self.eval(
            "let worst = -1; for (const t of document.querySelectorAll('.overview .table-wrap')) { worst = Math.max(worst, t.scrollWidth - t.clientWidth) } return worst",
        )
        .await
        .as_i64()
        .expect("a width")
    }

    /// The smallest width and height, in pixels, of the elements `css` finds that are shown.
    pub async fn smallest_box(&self, css: &str) -> (f64, f64) {
        let script = format!(
            "let w = 1e9, h = 1e9; for (const e of document.querySelectorAll({css:?})) {{ const r = e.getBoundingClientRect(); if (r.width > 0) {{ w = Math.min(w, r.width); h = Math.min(h, r.height) }} }} return [w, h]"
        );
        let value = self.eval(&script).await;
        let pair = value.as_array().cloned().unwrap_or_default();
        let at = |i: usize| pair.get(i).and_then(|v| v.as_f64()).unwrap_or(0.0);
        (at(0), at(1))
    }

    /// Writes a cookie as any script of the site could (`name=value; path=/`).
    pub async fn set_cookie(&self, cookie: &str) {
        self.eval(&format!("document.cookie = {cookie:?}; return null")).await;
    }

    /// From now on, the page's fetches of a file whose name holds `part` fail, as on a
    /// network that drops them (the console's pieces are fetched with `fetch`).
    pub async fn refuse_fetching(&self, part: &str) {
        let script = format!(
            "if (!window.refused) {{ \
               window.refused = new Set(); \
               const real = window.fetch; \
               window.fetch = (what, ...rest) => [...window.refused].some(p => String(what).includes(p)) \
                 ? Promise.reject(new TypeError('refused by the test')) \
                 : real(what, ...rest); \
             }} \
             window.refused.add({part:?}); return null"
        );
        self.eval(&script).await;
    }

    /// Fetches of files whose name holds `part` go through again.
    pub async fn allow_fetching(&self, part: &str) {
        self.eval(&format!("window.refused?.delete({part:?}); return null")).await;
    }

    /// What a page whose code could not be fetched says instead.
    pub fn piece_missing(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=piece-missing]")
    }

    /// Its "Try again".
    pub fn try_again(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=piece-missing] button")
    }

    /// What every page says while the work beyond the first screen could not be fetched.
    pub fn work_missing(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=work-missing]")
    }

    /// Its "Try again".
    pub fn work_try_again(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=work-missing] button")
    }

    /// The page's workspace (what the current page shows, without the top bar).
    pub fn workspace(&self) -> Region<'a> {
        Region::new(self.client, "main.workspace")
    }

    /// Where a direction control that reorders text (an override, an embedding, a mark, a
    /// left-to-right or right-to-left isolate) is drawn raw: the element (or attribute)
    /// holding one, cut to its start. The console's own isolation uses first-strong isolates only.
    pub async fn raw_direction_controls(&self) -> Vec<String> {
        let script = r#"
            const raw = /[\u202A-\u202E\u2066\u2067\u200E\u200F]/;
            const found = [];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                if (raw.test(walk.currentNode.data)) found.push(walk.currentNode.parentElement.outerHTML.slice(0, 120));
            }
            for (const el of document.body.querySelectorAll('*')) {
                for (const a of el.attributes) if (raw.test(a.value)) found.push(a.name + '=' + a.value.slice(0, 60));
            }
            return found;"#;
        super::strings(&self.eval(script).await)
    }

    /// The cookies this page can read.
    pub async fn cookies(&self) -> String {
        self.eval("return document.cookie").await.as_str().unwrap_or_default().to_string()
    }
}
