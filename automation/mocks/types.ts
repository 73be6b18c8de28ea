/** Mock outputs for the offline plan and tests: what a provider would compute for a resource. */
export type Inputs = Record<string, any>;
/** Computed outputs for one resource type, merged over its inputs. */
export type StateMock = (name: string, inputs: Inputs) => Record<string, unknown>;
/** The result of one provider function (data source). */
export type CallMock = (inputs: Inputs) => Record<string, unknown>;

export interface ProviderMocks {
    states: Record<string, StateMock>;
    calls: Record<string, CallMock>;
}
