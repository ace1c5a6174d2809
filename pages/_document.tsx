import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";
import { NONCE_HEADER } from "@/lib/platform/csp";

interface Props extends DocumentInitialProps {
  nonce: string | undefined;
}

/** Every page is rendered per request, with the nonce proxy.ts put in its CSP on each of Next's scripts. */
export default class TraxDocument extends Document<Props> {
  static override async getInitialProps(context: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(context);
    const header = context.req?.headers[NONCE_HEADER];
    return { ...initial, nonce: typeof header === "string" ? header : undefined };
  }

  override render() {
    const { nonce } = this.props;
    return (
      <Html lang="en">
        <Head nonce={nonce}>
          <meta name="color-scheme" content="light dark" />
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
