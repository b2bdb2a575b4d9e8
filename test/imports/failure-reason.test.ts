import { FileRefused } from '../../src/imports/limits.js';
import { failureReason } from '../../src/imports/jobs.js';

describe('the reason a failed import gives its sender', () => {
  it("is the refusal of the file, the sender's to fix", () => {
    expect(failureReason(new FileRefused("Le fichier est vide : rien n'a été importé"), 'job-1'))
      .toBe("L'import a échoué, rien n'a été écrit : Le fichier est vide : rien n'a été importé");
  });

  it("never quotes an unexpected error, which may hold the file's values: it names the job the log has", () => {
    const reason = failureReason(new Error('invalid input syntax for type date: "Dupont Léa 1990-05-04"'), 'job-1');
    expect(reason).toBe("L'import a échoué sur une erreur de la plateforme, rien n'a été écrit : signalez-la en citant l'import job-1");
    expect(reason).not.toContain('Dupont');
  });
});
