import { ref, shallowRef, type Ref } from 'vue';

/**
 * Submitting a validated form: refuses while any field has an error, shows the server's error
 * otherwise, and disables the button while the request runs.
 */
export function useFormSubmit(errors: Readonly<Ref<Record<string, string>>>, action: () => Promise<void>) {
  const submitting = ref(false);
  const submitError = shallowRef<Error | null>(null);
  async function submit() {
    submitError.value = null;
    if (Object.keys(errors.value).length > 0) {
      submitError.value = new Error('Fix the highlighted fields first.');
      return;
    }
    submitting.value = true;
    try {
      await action();
    } catch (err) {
      submitError.value = err as Error;
    } finally {
      submitting.value = false;
    }
  }
  return { submitting, submitError, submit };
}
