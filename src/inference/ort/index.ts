export { createOrtSession, type OrtSession, type OrtSessionOptions, type Feeds, type TensorOut } from './session';
export { probeProviders, providerPlan, type ProviderProbe } from './providers';
