using System.Text.Encodings.Web;

namespace LinkWorker.Api.SignIn;

/// <summary>
/// The embedded server's sign-in page: plain server-rendered HTML, Danish first with English beside it, every field
/// labelled, an error tied to the field it is about, and usable without JavaScript or styles.
/// </summary>
internal static class SignInPage
{
    public const string WrongCredentialsDa = "Brugernavnet eller adgangskoden er forkert, eller kontoen er låst et stykke tid.";
    public const string WrongCredentialsEn = "The user name or password is wrong, or the account is locked for a while.";

    public static IResult Render(string returnUrl, string antiforgeryField, string antiforgeryToken, string? userName, bool failed, int status = StatusCodes.Status200OK)
    {
        var h = HtmlEncoder.Default;
        var error = failed
            ? $"""
                <div id="signin-error" class="error" role="alert">
                  <p lang="da">{h.Encode(WrongCredentialsDa)}</p>
                  <p lang="en">{h.Encode(WrongCredentialsEn)}</p>
                </div>
              """
            : "";
        var invalid = failed ? """ aria-invalid="true" aria-describedby="signin-error" """ : " ";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="da">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Log ind – LinkWorker</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
                label { display: block; font-weight: 600; margin-top: 1rem; }
                label span[lang="en"] { font-weight: 400; color: #555; }
                input[type=text], input[type=password] { width: 100%; padding: .5rem; font-size: 1rem; border: 2px solid #555; box-sizing: border-box; }
                input[aria-invalid="true"] { border-color: #b00020; }
                input:focus, button:focus { outline: 3px solid #0059b3; outline-offset: 2px; }
                button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #0059b3; color: #fff; border: 0; cursor: pointer; }
                .error { border-left: 4px solid #b00020; padding: .25rem 1rem; background: #fdecee; margin-top: 1rem; }
                .error p { margin: .25rem 0; }
                [lang="en"] { color: #444; }
              </style>
            </head>
            <body>
              <main>
                <h1>Log ind <span lang="en">· Sign in</span></h1>
                <p>Log ind med din LinkWorker-konto. <span lang="en">Sign in with your LinkWorker account.</span></p>
                {{error}}
                <form method="post" action="/account/signin" novalidate>
                  <input type="hidden" name="{{h.Encode(antiforgeryField)}}" value="{{h.Encode(antiforgeryToken)}}">
                  <input type="hidden" name="returnUrl" value="{{h.Encode(returnUrl)}}">
                  <label for="userName">Brugernavn <span lang="en">(User name)</span></label>
                  <input type="text" id="userName" name="userName" autocomplete="username" required value="{{h.Encode(userName ?? "")}}"{{invalid}}{{(failed ? "" : "autofocus")}}>
                  <label for="password">Adgangskode <span lang="en">(Password)</span></label>
                  <input type="password" id="password" name="password" autocomplete="current-password" required{{invalid}}>
                  <button type="submit">Log ind <span lang="en">(Sign in)</span></button>
                </form>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    public static IResult SignedOut() => Results.Content(
        """
        <!DOCTYPE html>
        <html lang="da">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Logget ud – LinkWorker</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem;">
          <main>
            <h1>Du er logget ud <span lang="en">· You are signed out</span></h1>
            <p>Du kan lukke vinduet. <span lang="en">You can close this window.</span></p>
          </main>
        </body>
        </html>
        """,
        "text/html; charset=utf-8");
}
