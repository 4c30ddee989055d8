export { createOrtSession, type OrtSession, type OrtSessionOptions, type Feeds, type TensorOut } from './session';
export { outputByShape } from './outputs';
export { probeProviders, providerPlan, type ProviderProbe } from './providers';
