// A render error in one view shows here, with the error, instead of blanking the page; the draft lives above the
// boundary (in the workspace), so nothing typed is lost. "Try again" renders the view afresh.
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode; what: string; hint?: ReactNode }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: { componentStack?: string | null }) {
    // Kept in the console for a bug report; the page itself stays usable.
    console.warn(`Parley: ${this.props.what} failed to render: ${error.stack ?? error.message}\n${info.componentStack ?? ''}`);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="problems-box view-error" role="alert" data-testid="view-error">
        <b>The {this.props.what} could not be shown.</b> {this.props.hint}
        <pre className="error-text">{error.message}</pre>
        <button className="small" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
