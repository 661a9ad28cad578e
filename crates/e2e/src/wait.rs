//! Waiting on the page, and the few gestures every test makes.

use std::time::Duration;

use fantoccini::Client;

/// Polls `css` until its text satisfies `ok`, for up to ten seconds; returns that text.
pub async fn wait_for_text(client: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    wait_for_text_within(client, css, 10, ok).await
}

/// Polls `css` until its text satisfies `ok`, for up to `seconds`; returns that text.
pub async fn wait_for_text_within(
    client: &Client,
    css: &str,
    seconds: u64,
    ok: impl Fn(&str) -> bool,
) -> String {
    let mut last = String::from("(element not found)");
    for _ in 0..seconds * 10 {
        if let Ok(element) = client.find(fantoccini::Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if ok(&text) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("`{css}` never showed the expected text; last seen: {last:?}");
}

/// Waits up to five seconds for nothing to match `css`; true if so.
pub async fn gone(client: &Client, css: &str) -> bool {
    for _ in 0..50 {
        let found =
            client.find_all(fantoccini::Locator::Css(css)).await.map(|e| e.len()).unwrap_or(1);
        if found == 0 {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Waits for `css` and clicks it, brought to the middle of the view first (as a person
/// scrolls to what they click), clear of the bars that stay at the screen's edges.
pub async fn click(client: &Client, css: &str) {
    let element = client
        .wait()
        .for_element(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}`: {e}"));
    let arg = serde_json::to_value(&element).expect("an element reference");
    let _ = client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg]).await;
    element.click().await.unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
}

/// Fills the login form and submits it.
pub async fn log_in(client: &Client, user: &str, password: &str) {
    use fantoccini::Locator;
    let name = client.wait().for_element(Locator::Css("#login-user")).await.expect("login form");
    name.clear().await.expect("clear user");
    name.send_keys(user).await.expect("type user");
    let secret = client.find(Locator::Css("#login-password")).await.expect("password field");
    secret.clear().await.expect("clear password");
    secret.send_keys(password).await.expect("type password");
    client
        .find(Locator::Css("form.login button[type=submit]"))
        .await
        .expect("login button")
        .click()
        .await
        .expect("click log in");
}

/// Unfolds the fleet's filters where a narrow page folds them away.
async fn unfold_filters(client: &Client) {
    let _ = client
        .execute(
            "const toggle = document.querySelector('.filters-toggle'); \
             if (toggle && getComputedStyle(toggle).display !== 'none' \
                 && toggle.getAttribute('aria-expanded') !== 'true') toggle.click();",
            vec![],
        )
        .await;
}

/// Brings one device's row into the (windowed) fleet table by searching for it.
pub async fn show_device(client: &Client, sn: &str) {
    unfold_filters(client).await;
    let search = client
        .wait()
        .for_element(fantoccini::Locator::Css(".filters input[type=search]"))
        .await
        .expect("the fleet search box");
    search.clear().await.expect("clear search");
    search.send_keys(sn).await.expect("type serial number");
    wait_for_text(client, &format!("tr[data-sn='{sn}'] td.mono"), |t| t == sn).await;
}

/// Ticks one device's checkbox, then shows the whole fleet again.
pub async fn select_device(client: &Client, sn: &str) {
    show_device(client, sn).await;
    click(client, &format!("tr[data-sn='{sn}'] input[type=checkbox]")).await;
    let search = client
        .find(fantoccini::Locator::Css(".filters input[type=search]"))
        .await
        .expect("the fleet search box");
    search.clear().await.expect("clear search");
    // clear() does not fire `input`; an empty keystroke pair does.
    search.send_keys(" ").await.expect("type");
    search.send_keys("\u{e003}").await.expect("backspace");
}

/// Answers the question the console asks (its own dialog) once it is asked, within five
/// seconds: its step's button, or Cancel. Returns its words.
pub async fn answer(client: &Client, yes: bool) -> String {
    let words = wait_for_text(client, "dialog[open][data-testid=question] #question-text", |t| {
        !t.is_empty()
    })
    .await;
    let button = if yes { "question-yes" } else { "question-no" };
    click(client, &format!("dialog[open] [data-testid={button}]")).await;
    words
}
